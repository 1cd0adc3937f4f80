//! `adal-tools`: Adal's developer drivers, kept out of the product's command line.
//!
//! - `adal-tools bench check|rescan|shards|plot` — the end-to-end benchmarks of BENCHMARKS.md
//!   and docs/SCALING.md, and the growth plot;
//! - `adal-tools bench crash` and `adal-tools bench load` — the reliability runs of
//!   RELIABILITY.md, which drive a real `serve` child process over HTTP;
//! - `adal-tools eval pan|make-paraphrase` — detection quality on PAN-layout corpora and the
//!   paraphrase development set (see [`adal_tools::eval`] and [`adal_tools::synthetic`]).
//!
//! The drivers use the `adal` library in-process and start the service as a child process of
//! this very binary: `adal-tools` also answers the three product commands the drivers spawn
//! (`serve`, `worker`, and the service's `internal-extract` child) by handing its arguments to
//! `adal::cli::main_with_args` unchanged. A run therefore always drives the code it was built
//! with; no second binary has to be found or kept in step. Every other product command is
//! refused here: it belongs to `adal`.

mod bench;
mod cast;
mod crash;
mod eval_command;
mod http;
mod load;
mod server_process;

use adal::cli::GlobalOptions;
use clap::{Parser, Subcommand};
use std::ffi::OsString;

/// The product commands this binary runs for the drivers' child processes.
const PRODUCT_COMMANDS: [&str; 3] = ["serve", "worker", adal::jobs::isolated::INTERNAL_EXTRACT_SUBCOMMAND];

#[derive(Parser, Debug)]
#[command(name = "adal-tools", version, about = "Adal's developer drivers: benchmarks, crash and load runs")]
struct Cli {
    /// The product's options (`--data` and the lexicon options choose the lexicon the
    /// in-process benchmarks use; `--postgres` names the sharded cluster).
    #[command(flatten)]
    global: GlobalOptions,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// End-to-end benchmarks and reliability runs (e.g. `adal-tools bench check`).
    Bench(bench::BenchArgs),
    /// Measure detection quality (PAN text-alignment corpora; e.g. `adal-tools eval pan`).
    Eval(eval_command::EvalArgs),
    /// A product command run for a driver's child process (`serve`, `worker`,
    /// `internal-extract`).
    #[command(external_subcommand)]
    Product(Vec<OsString>),
}

fn main() {
    std::process::exit(main_with_args(std::env::args_os().collect()));
}

fn main_with_args(args: Vec<OsString>) -> i32 {
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { 2 } else { 0 };
        }
    };
    if let Command::Product(product) = &cli.command {
        let name = product.first().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        if !PRODUCT_COMMANDS.contains(&name.as_str()) {
            eprintln!("adal-tools: unknown command `{name}` (the product's commands are in `adal`)");
            return 2;
        }
        // The product parses the very same arguments, global options included.
        return adal::cli::main_with_args(args);
    }
    adal::cli::init_log();
    let result = cli.global.install_lexicon().and_then(|()| cli.global.install_model()).and_then(|()| {
        match cli.command {
            Command::Bench(bench_args) => bench::run(bench_args, &cli.global),
            Command::Eval(eval_args) => eval_command::run(eval_args, &cli.global),
            Command::Product(_) => unreachable!("handled above"),
        }
    });
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("adal-tools: {error:#}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(args)
    }

    #[test]
    fn the_spawned_product_commands_pass_through_with_their_global_options() {
        let cli =
            parse(&["adal-tools", "--data", "/tmp/x", "serve", "--listen", "127.0.0.1:1"]).expect("parses");
        match cli.command {
            Command::Product(product) => assert_eq!(product, ["serve", "--listen", "127.0.0.1:1"]),
            other => panic!("not passed through: {other:?}"),
        }
        let cli =
            parse(&["adal-tools", "--postgres", "postgres://x", "worker", "--name", "w"]).expect("parses");
        assert!(matches!(cli.command, Command::Product(_)));
        assert!(matches!(
            parse(&["adal-tools", "bench", "plot"]).expect("parses").command,
            Command::Bench(_)
        ));
        assert!(matches!(
            parse(&["adal-tools", "eval", "pan", "dir", "--out", "out"]).expect("parses").command,
            Command::Eval(_)
        ));
    }

    #[test]
    fn other_product_commands_are_refused() {
        assert_eq!(main_with_args(["adal-tools", "corpus", "list"].map(OsString::from).to_vec()), 2);
    }
}
