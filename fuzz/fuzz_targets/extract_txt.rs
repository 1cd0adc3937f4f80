//! Fuzz target `extract_txt`: see RELIABILITY.md for how to run it.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    adal::server::fuzzing::extract_txt(data);
});
