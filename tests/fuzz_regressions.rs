//! Replays every input kept under `tests/fuzz-regressions/<target>/` through the same entry
//! point its fuzz target calls (`adal::server::fuzzing`): no panic may escape and each input
//! must finish within a time bound. Inputs a fuzzer crashed, hung or blew up on are added here
//! when the bug is fixed (see RELIABILITY.md), next to hand-made hostile inputs.

use adal::server::fuzzing::{run_target, TARGETS};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Far above what any kept input needs (milliseconds), far below a hang.
const BOUND: Duration = Duration::from_secs(30);

#[test]
fn every_kept_input_runs_without_panic_in_bounded_time() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut replayed = 0;
    for target in TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else { continue };
        let mut paths: Vec<_> = entries.flatten().map(|entry| entry.path()).collect();
        paths.sort();
        for path in
            paths.into_iter().filter(|path| path.extension().is_none_or(|extension| extension != "md"))
        {
            let bytes = std::fs::read(&path).expect("regression input");
            let (sender, receiver) = mpsc::channel();
            let started = Instant::now();
            std::thread::spawn(move || {
                let outcome = std::panic::catch_unwind(|| run_target(target, &bytes));
                let _ = sender.send(outcome.is_ok());
            });
            match receiver.recv_timeout(BOUND) {
                Ok(true) => {}
                Ok(false) => panic!("{target} panicked on {}", path.display()),
                Err(_) => panic!("{target} did not finish {} within {BOUND:?}", path.display()),
            }
            eprintln!("{target}: {} in {:?}", path.display(), started.elapsed());
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no regression inputs found under {}", root.display());
}
