//! W1: normalize + tokenize + fingerprint throughput on mixed kk/ru/en synthetic text, on one
//! thread and on all threads, next to bare UAX #29 word segmentation for reference.
//!
//! Run with `cargo bench --bench fingerprint`. Throughput is in bytes of UTF-8 text per second.

use adal::fingerprint::{fingerprint_texts, FingerprintConfig};
use adal_tools::synthetic::{generate_corpus, CorpusMix};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use unicode_segmentation::UnicodeSegmentation;

fn bench_fingerprint(criterion: &mut Criterion) {
    // Articles only: about 8 MB in 200 documents of mixed languages.
    let texts: Vec<String> =
        generate_corpus(7, 200, CorpusMix::ARTICLES_ONLY).map(|document| document.text).collect();
    let slices: Vec<&str> = texts.iter().map(String::as_str).collect();
    let bytes: u64 = texts.iter().map(|text| text.len() as u64).sum();
    eprintln!("W1 input: {} documents, {:.1} MB", texts.len(), bytes as f64 / 1e6);

    let mut group = criterion.benchmark_group("w1_fingerprint");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    let threads_available = std::thread::available_parallelism().map_or(1, |n| n.get());
    for threads in [1, threads_available] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("rayon pool");
        group.bench_function(format!("normalize_tokenize_fingerprint/{threads}_threads"), |bench| {
            bench.iter(|| pool.install(|| fingerprint_texts(&slices, &FingerprintConfig::THESIS)))
        });
    }
    group.bench_function("uax29_words_only/1_thread", |bench| {
        bench.iter(|| slices.iter().map(|text| text.unicode_words().count()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, bench_fingerprint);
criterion_main!(benches);
