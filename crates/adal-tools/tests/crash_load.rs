//! The short versions of the long reliability runs, as real processes: `adal-tools bench crash`
//! (10 SIGKILLs of a running service while it takes uploads, decisions, corpus uploads and
//! rescans; nothing acknowledged may be lost) and `adal-tools bench load` (10 clients for 5
//! seconds during a bulk rescan; no request may fail). The long runs and their figures:
//! RELIABILITY.md. They run from the workspace root, where the demo corpus (`corpus/`) is.

use std::process::Command;

fn adal_tools(args: &[&str]) -> (bool, String) {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let output = Command::new(env!("CARGO_BIN_EXE_adal-tools"))
        .args(args)
        .current_dir(workspace)
        .output()
        .expect("adal-tools runs");
    let text =
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

#[test]
fn ten_sigkills_lose_nothing_acknowledged() {
    let (ok, text) = adal_tools(&[
        "bench", "crash", "--kills", "10", "--seed", "3", "--min-ms", "200", "--max-ms", "1500",
    ]);
    assert!(ok, "{text}");
    assert!(text.contains("problems: 0"), "{text}");
    eprintln!("{}", text.lines().last().unwrap_or_default());
}

#[test]
fn ten_clients_during_a_rescan_see_no_error() {
    let (ok, text) =
        adal_tools(&["bench", "load", "--clients", "10", "--seconds", "5", "--upload-every", "3"]);
    assert!(ok, "{text}");
    assert!(text.contains(", 0 errors"), "{text}");
    eprintln!("{text}");
}
