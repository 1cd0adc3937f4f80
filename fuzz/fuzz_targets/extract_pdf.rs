//! Fuzz target `extract_pdf`: see RELIABILITY.md for how to run it.
#![no_main]

// The PDF reader turns a panic inside lopdf into a `Corrupt` refusal (catch_unwind in
// src/extract/pdf); libfuzzer-sys's panic hook would abort on such a contained panic, so the hook
// is quiet here. A panic that escapes the reader still aborts the run.
libfuzzer_sys::fuzz_target!(init: { std::panic::set_hook(Box::new(|_| {})); }, |data: &[u8]| {
    adal::server::fuzzing::extract_pdf(data);
});
