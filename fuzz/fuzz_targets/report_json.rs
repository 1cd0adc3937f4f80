//! Fuzz target `report_json`: see RELIABILITY.md for how to run it.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    adal::server::fuzzing::report_json(data);
});
