//! Throughput of DOCX extraction: the 115-page thesis fixture (MB of DOCX per second) and a
//! 420 MB zip bomb refused by its declared size and by the counting reader.
//!
//! `cargo bench --bench extract_docx`. The thesis case skips when `../shared` is absent.

use std::io::Write;
use std::path::Path;

use adal::extract::{extract, ExtractLimits};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn extract_big_thesis(criterion: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/kazakh-theses/thesis_big.docx");
    let Ok(bytes) = std::fs::read(&path) else {
        println!("skipped: {} is absent", path.display());
        return;
    };
    let mut group = criterion.benchmark_group("extract_docx");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("thesis_big_115_pages", |bencher| {
        bencher.iter(|| extract(std::hint::black_box(&bytes), &ExtractLimits::default()))
    });
    group.finish();
}

/// A DOCX whose document.xml unpacks to about 420 MB of spaces; with `lie`, its headers declare
/// 1000 bytes so only the counting reader can stop it.
fn zip_bomb(lie: bool) -> Vec<u8> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let chunk = vec![b' '; 1 << 20];
    let written = writer.start_file("word/document.xml", options).and_then(|()| {
        for _ in 0..420 {
            writer.write_all(&chunk)?;
        }
        Ok(())
    });
    let mut bytes =
        written.and_then(|()| writer.finish()).map(|cursor| cursor.into_inner()).unwrap_or_default();
    if lie {
        for index in 0..bytes.len().saturating_sub(46) {
            match &bytes[index..index + 4] {
                b"PK\x03\x04" => bytes[index + 22..index + 26].copy_from_slice(&1000u32.to_le_bytes()),
                b"PK\x01\x02" => bytes[index + 24..index + 28].copy_from_slice(&1000u32.to_le_bytes()),
                _ => {}
            }
        }
    }
    bytes
}

fn refuse_zip_bombs(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("extract_docx_bomb");
    group.sample_size(10);
    for (name, lie) in [("declared_420_mb", false), ("lying_header_420_mb", true)] {
        let bomb = zip_bomb(lie);
        group.bench_function(name, |bencher| {
            bencher.iter(|| extract(std::hint::black_box(&bomb), &ExtractLimits::default()))
        });
    }
    group.finish();
}

criterion_group!(benches, extract_big_thesis, refuse_zip_bombs);
criterion_main!(benches);
