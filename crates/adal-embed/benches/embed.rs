//! Sentences embedded per second (`cargo bench -p adal-embed`), short ones and long ones
//! as in theses; needs the model file
//! (`ADAL_MODEL` or `$HOME/.cache/adal/models/multilingual-e5-small-q4.bin`), and measures
//! nothing without it.

use adal_embed::{Embedder, Prefix};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::PathBuf;

const SENTENCES: [&str; 4] = [
    "Қазақстан Республикасының білім беру жүйесі соңғы жылдары айтарлықтай өзгерістерге ұшырады.",
    "Система образования Республики Казахстан в последние годы претерпела значительные изменения.",
    "The education system of the Republic of Kazakhstan has changed considerably in recent years.",
    "Зерттеу нәтижелері оқушылардың функционалдық сауаттылығы артқанын көрсетеді.",
];

fn embed(criterion: &mut Criterion) {
    let path = std::env::var_os("ADAL_MODEL").map(PathBuf::from).or_else(|| {
        std::env::var_os("HOME")
            .map(|home| PathBuf::from(home).join(".cache/adal/models/multilingual-e5-small-q4.bin"))
    });
    let Some(Ok(model)) = path.filter(|path| path.exists()).map(|path| Embedder::open(&path)) else {
        eprintln!("no model file: nothing to measure (run tools/install-model.sh)");
        return;
    };
    let batch: Vec<&str> = SENTENCES.iter().copied().cycle().take(256).collect();
    let mut group = criterion.benchmark_group("embed");
    group.sample_size(10);
    group.throughput(Throughput::Elements(batch.len() as u64));
    group.bench_function("256 sentences", |bench| bench.iter(|| model.embed(&batch, Prefix::Query)));
    // Thesis sentences are long: 32 of about 100 tokens (the four above joined by commas).
    let long_sentence = SENTENCES.join(", ");
    let long: Vec<&str> = std::iter::repeat_n(long_sentence.as_str(), 32).collect();
    group.throughput(Throughput::Elements(long.len() as u64));
    group.bench_function("32 long sentences", |bench| bench.iter(|| model.embed(&long, Prefix::Query)));
    group.finish();
}

criterion_group!(benches, embed);
criterion_main!(benches);
