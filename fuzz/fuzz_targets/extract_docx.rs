//! Fuzz target `extract_docx`: see RELIABILITY.md for how to run it.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    adal::server::fuzzing::extract_docx(data);
});
