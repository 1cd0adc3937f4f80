//! The `adal` command: parse arguments, run the subcommand, exit with its code.

fn main() {
    std::process::exit(adal::cli::main_with_args(std::env::args_os()));
}
