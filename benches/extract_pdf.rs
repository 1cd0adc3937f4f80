//! Throughput of PDF extraction on the 115-page thesis fixture (pages per second).
//!
//! `cargo bench --bench extract_pdf`. Skips when `../shared` is absent.

use std::path::Path;

use adal::extract::{extract, ExtractLimits};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn extract_big_thesis(criterion: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/kazakh-theses/thesis_big.pdf");
    let Ok(bytes) = std::fs::read(&path) else {
        println!("skipped: {} is absent", path.display());
        return;
    };
    let pages = match extract(&bytes, &ExtractLimits::default()) {
        Ok(document) => document.pages.len() as u64,
        Err(error) => {
            println!("skipped: thesis_big.pdf was refused: {error}");
            return;
        }
    };
    let mut group = criterion.benchmark_group("extract_pdf");
    group.sample_size(10);
    // Criterion reports "elements" per second: here, pages per second.
    group.throughput(Throughput::Elements(pages));
    group.bench_function("thesis_big_115_pages", |bencher| {
        bencher.iter(|| extract(std::hint::black_box(&bytes), &ExtractLimits::default()))
    });
    group.finish();
}

criterion_group!(benches, extract_big_thesis);
criterion_main!(benches);
