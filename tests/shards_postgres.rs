//! The sharded PostgreSQL backend against the embedded one, and distributed rescans, on the
//! loopback cluster of `tools/pg-cluster.sh` (see `pg_support`; skipped without it):
//!
//! - the same candidates (documents and shared counts) and the same reports as the embedded
//!   index on a synthetic corpus and, when `../shared` is there, on `eval/dev`, with documents
//!   removed and frequent keys filtered before the shards;
//! - a claim that lost its lease records nothing;
//! - `adal corpus add` writes to the shards; postings of a commit that never happened are left
//!   alone by readers and dropped by the next writer; shards of another corpus are reloaded,
//!   but never while another process writes the corpus;
//! - a removal whose commit happened but whose shard call was lost to a crash is finished by
//!   the next writer; one whose commit never happened keeps the document's postings;
//! - two `adal worker` processes finish a rescan although one is killed midway, and every
//!   thesis is recorded once, with the report the embedded index gives.

mod pg_support;

use adal::index::sharded::{use_sharded_postings, ShardedPostings};
use adal::index::{CandidateQuery, CorpusIndex, DocumentMeta, NewDocument};
use adal::jobs::distributed::{RescanPayload, RescanQueue};
use adal::model::{DocumentFormat, ExtractedDocument};
use adal::pipeline::check::{check_document, check_documents, CheckOptions};
use adal::pipeline::ingest::document_from_text;
use adal_tools::synthetic::{generate_corpus, make_submission, CorpusMix};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A corpus and submissions: (id, text) each.
struct Data {
    sources: Vec<(String, String)>,
    submissions: Vec<(String, String)>,
}

fn synthetic_data(n_sources: usize, n_submissions: usize) -> Data {
    let generator = generate_corpus(8, n_sources, CorpusMix::ARTICLES_ONLY);
    let vocabularies = generator.vocabularies();
    let sources: Vec<_> = generator.collect();
    let submissions = (0..n_submissions)
        .map(|number| {
            let first = (number * 7) % sources.len();
            let borrowed: Vec<&str> =
                (0..3).map(|offset| sources[(first + offset * 5) % sources.len()].text.as_str()).collect();
            let language = sources[first].language;
            let share = [0.0, 0.2, 0.5][number % 3];
            let submission =
                make_submission(&vocabularies, 100 + number as u64, language, &borrowed, 2_500, share);
            (format!("submission-{number:03}"), submission.text)
        })
        .collect();
    Data { sources: sources.into_iter().map(|source| (source.id, source.text)).collect(), submissions }
}

/// `../shared/eval/dev`: its source documents and suspicious documents, if present.
fn development_set() -> Option<Data> {
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev");
    let read_folder = |folder: &str| -> Option<Vec<(String, String)>> {
        let mut documents: Vec<(String, String)> = std::fs::read_dir(dev.join(folder))
            .ok()?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|extension| extension == "txt"))
            .map(|path| {
                let name = path.file_stem().expect("name").to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&path).expect("a UTF-8 text"))
            })
            .collect();
        documents.sort();
        Some(documents)
    };
    let data = Data { sources: read_folder("src")?, submissions: read_folder("susp")? };
    (!data.sources.is_empty()).then_some(data)
}

fn corpus_document(id: &str, text: &str) -> NewDocument {
    document_from_text(DocumentMeta::new(id, format!("Title of {id}")), text.to_string())
}

fn extracted(text: &str) -> ExtractedDocument {
    ExtractedDocument::plain(DocumentFormat::Txt, text.to_string())
}

fn load(index: &CorpusIndex, data: &Data) {
    let documents: Vec<NewDocument> =
        data.sources.iter().map(|(id, text)| corpus_document(id, text)).collect();
    // Two batches, then a bulk-ingest finish (merged runs, frequent keys refreshed).
    let (first, second) = documents.split_at(documents.len() / 2);
    index.add_documents(first.to_vec()).expect("add");
    index.add_documents(second.to_vec()).expect("add");
    index.merge_fingerprint_runs().expect("merge");
}

/// A report as JSON without its timings, for comparison.
fn comparable(report: &adal::report::Report) -> serde_json::Value {
    let mut value: serde_json::Value = serde_json::from_str(&report.to_json()).expect("json");
    value["provenance"]["timings"] = serde_json::Value::Null;
    value
}

fn assert_same_as_embedded(name: &str, data: &Data) {
    let Some(shards) = pg_support::shards(name) else { return };
    let embedded = CorpusIndex::create_in_ram().expect("index");
    let sharded = CorpusIndex::create_in_ram().expect("index");
    use_sharded_postings(&sharded, &shards.url, Path::new(name)).expect("attach");
    load(&embedded, data);
    load(&sharded, data);
    // A removal on both sides (the shards drop its postings).
    let removed = &data.sources[1].0;
    assert!(embedded.remove(removed).expect("remove"));
    assert!(sharded.remove(removed).expect("remove"));

    let queries: Vec<CandidateQuery> = data
        .submissions
        .iter()
        .map(|(id, text)| {
            let mut query = thesis_query(text);
            query.exclude_ids = vec![format!("{id}-never-in-corpus"), data.sources[0].0.clone()];
            query
        })
        .collect();
    let batched = sharded.candidates_batch(&queries).expect("sharded candidates");
    let mut with_candidates = 0;
    for ((id, _), (query, sharded_candidates)) in data.submissions.iter().zip(queries.iter().zip(&batched)) {
        let embedded_candidates = embedded.candidates(query).expect("embedded candidates");
        assert_eq!(&embedded_candidates, sharded_candidates, "{name}: candidates of {id}");
        assert_eq!(sharded.candidates(query).expect("one query"), embedded_candidates, "{name}: {id} alone");
        with_candidates += usize::from(!embedded_candidates.is_empty());
    }
    assert!(with_candidates * 3 >= data.submissions.len(), "{name}: too few submissions found sources");

    let documents: Vec<ExtractedDocument> =
        data.submissions.iter().map(|(_, text)| extracted(text)).collect();
    let options: Vec<CheckOptions> = data
        .submissions
        .iter()
        .map(|(id, _)| CheckOptions { title: id.clone(), ..CheckOptions::default() })
        .collect();
    let items: Vec<(&ExtractedDocument, &CheckOptions)> = documents.iter().zip(&options).collect();
    for chunk in items.chunks(16) {
        let sharded_reports = check_documents(&sharded, chunk).expect("sharded reports");
        for ((document, options), sharded_report) in chunk.iter().zip(&sharded_reports) {
            let embedded_report = check_document(&embedded, document, options).expect("embedded report");
            assert_eq!(
                comparable(&embedded_report),
                comparable(sharded_report),
                "{name}: report of {}",
                options.title
            );
        }
    }
}

#[test]
fn the_shards_give_the_candidates_and_reports_of_the_embedded_index_on_a_synthetic_corpus() {
    assert_same_as_embedded("synthetic", &synthetic_data(60, 30));
}

#[test]
fn the_shards_give_the_candidates_and_reports_of_the_embedded_index_on_the_development_set() {
    let Some(data) = development_set() else {
        eprintln!("skipping: ../shared/eval/dev is absent");
        return;
    };
    assert_same_as_embedded("eval-dev", &data);
}

fn payload(version: u64, id: &str, text: &str) -> Vec<u8> {
    RescanPayload {
        version,
        title: id.to_string(),
        exclude_document_ids: Vec::new(),
        author_names: Vec::new(),
        extract_ms: 0.0,
        document: extracted(text),
    }
    .to_bytes()
}

#[test]
fn a_claim_that_lost_its_lease_records_nothing() {
    let Some(shards) = pg_support::shards("lost lease") else { return };
    let queue = RescanQueue::connect(&shards.url).expect("queue");
    assert_eq!(queue.enqueue(7, &[(1, 11, payload(11, "one", "some text"))]).expect("enqueue"), 1);
    assert_eq!(queue.enqueue(7, &[(1, 11, payload(11, "one", "some text"))]).expect("again"), 0);

    let slow = queue.claim("slow", 4, Duration::from_millis(1)).expect("claim");
    assert_eq!(slow.len(), 1);
    std::thread::sleep(Duration::from_millis(50));
    let mut fast = queue.claim("fast", 4, Duration::from_secs(60)).expect("claim");
    assert_eq!(fast.len(), 1, "a row whose lease ran out is claimed again");
    let fast = fast.remove(0);
    assert!(queue.claim("third", 4, Duration::from_secs(60)).expect("claim").is_empty(), "a held row is not");
    assert_eq!(fast.attempt, slow[0].attempt + 1);
    assert!(!queue.finish(&slow[0], Ok(b"late report")).expect("finish"), "a lost lease records nothing");
    assert!(queue.finish(&fast, Ok(b"report")).expect("finish"));
    assert!(!queue.finish(&fast, Ok(b"report again")).expect("finish"), "an outcome is recorded once");
    let progress = queue.progress(7).expect("progress");
    assert_eq!((progress.queued, progress.done, progress.retried), (1, 1, 1));
    let finished = queue.finished_unimported(7, 10).expect("finished");
    assert_eq!(finished.len(), 1);
    assert_eq!((finished[0].thesis, finished[0].version), (1, 11));
    assert_eq!(finished[0].outcome, Ok(b"report".to_vec()));
    queue.mark_imported(7, 1).expect("imported");
    assert!(queue.finished_unimported(7, 10).expect("finished").is_empty());
}

fn spawn_worker(name: &str, index_dir: &Path, url: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_adal"))
        .args(["worker", "--index"])
        .arg(index_dir)
        .args(["--postgres", url, "--name", name, "--batch", "2", "--lease-secs", "2", "--exit-when-idle"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start adal worker")
}

fn query_count(url: &str, sql: &str) -> i64 {
    let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    client.query_one(sql, &[]).expect("query").get(0)
}

fn execute(url: &str, sql: &str) {
    let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    client.batch_execute(sql).expect("sql");
}

/// The candidate query of a text, fingerprinted as a thesis.
fn thesis_query(text: &str) -> CandidateQuery {
    let hashes = adal::fingerprint::fingerprint(
        &adal::text::analyze(text).tokens,
        &adal::fingerprint::FingerprintConfig::THESIS,
    );
    CandidateQuery::new(hashes.iter().map(|print| print.hash).collect())
}

/// A corpus index in `index_dir` whose postings live on the shards at `url`, loaded with `data`.
fn sharded_corpus(url: &str, index_dir: &Path, data: &Data) -> CorpusIndex {
    let index = CorpusIndex::open_or_create(index_dir).expect("index");
    use_sharded_postings(&index, url, index_dir).expect("attach");
    load(&index, data);
    index
}

#[test]
fn a_rescan_with_two_workers_finishes_when_one_is_killed_and_counts_every_thesis_once() {
    let Some(shards) = pg_support::shards("two workers") else { return };
    let data = synthetic_data(40, 24);
    let dir = tempfile::tempdir().expect("tempdir");
    let index_dir = dir.path().join("index");
    let _sharded = sharded_corpus(&shards.url, &index_dir, &data);
    let embedded = CorpusIndex::create_in_ram().expect("index");
    load(&embedded, &data);

    let queue = RescanQueue::connect(&shards.url).expect("queue");
    let job = 42;
    let items: Vec<(u64, u64, Vec<u8>)> = data
        .submissions
        .iter()
        .enumerate()
        .map(|(number, (id, text))| {
            (number as u64, 1000 + number as u64, payload(1000 + number as u64, id, text))
        })
        .collect();
    assert_eq!(queue.enqueue(job, &items).expect("enqueue"), items.len() as u64);

    let mut doomed = spawn_worker("doomed", &index_dir, &shards.url);
    let survivor = spawn_worker("survivor", &index_dir, &shards.url);
    // Kill the first worker once it has finished something and holds a claim.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let done_by_doomed = query_count(
            &shards.url,
            "SELECT count(*) FROM adal_rescan_item WHERE worker = 'doomed' AND state = 'done'",
        );
        let held_by_doomed = query_count(
            &shards.url,
            "SELECT count(*) FROM adal_rescan_item WHERE worker = 'doomed' AND state = 'taken'",
        );
        if done_by_doomed >= 1 && held_by_doomed >= 1 {
            // Freeze it first, then look again: it may have finished its claim in between (a
            // race that made this test flaky); kill it only while it holds rows.
            let pid = libc::pid_t::try_from(doomed.id()).expect("pid");
            // SAFETY: signals the child process this test started; no memory is shared.
            unsafe { libc::kill(pid, libc::SIGSTOP) };
            let still_held = query_count(
                &shards.url,
                "SELECT count(*) FROM adal_rescan_item WHERE worker = 'doomed' AND state = 'taken'",
            );
            if still_held >= 1 {
                doomed.kill().expect("kill");
                break;
            }
            // SAFETY: as above.
            unsafe { libc::kill(pid, libc::SIGCONT) };
        }
        assert!(Instant::now() < deadline, "the first worker never got going");
        assert!(doomed.try_wait().expect("wait").is_none(), "the first worker ended before it was killed");
        std::thread::sleep(Duration::from_millis(5));
    }
    doomed.wait().expect("reap");
    let orphaned = query_count(
        &shards.url,
        "SELECT count(*) FROM adal_rescan_item WHERE worker = 'doomed' AND state = 'taken'",
    );
    assert!(orphaned >= 1, "the killed worker held rows");

    let output = survivor.wait_with_output().expect("the second worker finishes");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
    let progress = queue.progress(job).expect("progress");
    assert_eq!(progress.queued, items.len() as u64);
    assert_eq!(progress.done, items.len() as u64, "{progress:?}");
    assert_eq!((progress.pending, progress.taken, progress.failed), (0, 0, 0));
    assert!(progress.retried >= orphaned as u64, "the orphaned rows were taken over: {progress:?}");

    // Every thesis once, with the report the embedded index gives.
    let finished = queue.finished_unimported(job, 1_000).expect("finished");
    assert_eq!(finished.len(), items.len());
    let mut theses: Vec<u64> = finished.iter().map(|item| item.thesis).collect();
    theses.dedup();
    assert_eq!(theses.len(), items.len(), "no thesis twice");
    for item in &finished {
        let (id, text) = &data.submissions[item.thesis as usize];
        let report_json = item.outcome.as_ref().expect("a report");
        let report = adal::report::Report::from_json(std::str::from_utf8(report_json).expect("utf-8"))
            .expect("a readable report");
        let options = CheckOptions { title: id.clone(), ..CheckOptions::default() };
        let expected = check_document(&embedded, &extracted(text), &options).expect("embedded report");
        assert_eq!(comparable(&expected), comparable(&report), "report of {id}");
    }
}

#[test]
fn postings_of_a_commit_that_never_happened_are_dropped_and_the_cli_writes_to_the_shards() {
    let Some(shards) = pg_support::shards("uncommitted postings") else { return };
    let data = synthetic_data(12, 3);
    let dir = tempfile::tempdir().expect("tempdir");
    let data_dir = dir.path().join("data");
    let index_dir = data_dir.join("index");

    // `adal corpus add` with the postgres backend writes every posting to the shards.
    let sources_dir = dir.path().join("sources");
    std::fs::create_dir_all(&sources_dir).expect("mkdir");
    for (id, text) in &data.sources {
        std::fs::write(sources_dir.join(format!("{id}.txt")), text).expect("write");
    }
    let added = Command::new(env!("CARGO_BIN_EXE_adal"))
        .arg("--data")
        .arg(&data_dir)
        .args(["--index-backend", "postgres", "--postgres", &shards.url, "corpus", "add"])
        .arg(&sources_dir)
        .output()
        .expect("adal corpus add");
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let index = CorpusIndex::open_or_create(&index_dir).expect("index");
    let stats = index.stats().expect("stats");
    let on_shards = || query_count(&shards.url, "SELECT sum(postings)::bigint FROM fp_stats()");
    assert_eq!(on_shards() as u64, stats.fingerprint_postings, "every posting reached the shards");

    // Opening again finds the shards in step.
    let outcome = use_sharded_postings(&index, &shards.url, &index_dir).expect("attach");
    assert_eq!(outcome, adal::index::sharded::AttachOutcome::InStep);

    // Postings written for a commit that has not happened (a writer in the middle of a batch,
    // or one that crashed): a reader attaching meanwhile leaves them alone, since the writer
    // may still commit them; the next writer drops them.
    let next = index.next_docnum().expect("next docnum");
    let orphan_pairs: Vec<u64> = (0..50u64).map(|key| (key << 32) | u64::from(next)).collect();
    index.postings_backend().postings_written(&orphan_pairs, next + 1).expect("orphans");
    assert_eq!(on_shards() as u64, stats.fingerprint_postings + 50);
    let reopened = CorpusIndex::open_or_create(&index_dir).expect("index");
    let outcome = use_sharded_postings(&reopened, &shards.url, &index_dir).expect("attach");
    assert_eq!(outcome, adal::index::sharded::AttachOutcome::InStep);
    assert_eq!(on_shards() as u64, stats.fingerprint_postings + 50, "a reader changes nothing");
    reopened.add_documents(vec![corpus_document("late", &data.submissions[1].1)]).expect("add");
    let late_postings = reopened.get_meta("late").expect("meta").expect("present").fingerprints;
    assert_eq!(
        on_shards() as u64,
        stats.fingerprint_postings + late_postings,
        "the writer dropped the orphans"
    );

    // Shards that served another corpus are reloaded from this one's runs, but not while
    // another process writes this corpus (the load would miss its commit).
    let other = ShardedPostings::connect(&shards.url, "another corpus").expect("connect");
    let writing = reopened.writer().expect("a writer holds the corpus's write lock");
    let third_opening = CorpusIndex::open_or_create(&index_dir).expect("index");
    let refused = other.attach(&third_opening).expect_err("a reload needs the write lock");
    assert!(
        matches!(refused, adal::index::sharded::ShardError::Index(adal::index::IndexError::Busy)),
        "{refused}"
    );
    assert_eq!(on_shards() as u64, stats.fingerprint_postings + late_postings, "nothing was cleared");
    writing.finish().expect("finish");
    let outcome = other.attach(&reopened).expect("attach");
    assert!(
        matches!(outcome, adal::index::sharded::AttachOutcome::Reloaded { postings } if postings == stats.fingerprint_postings + late_postings)
    );
}

#[test]
fn a_removal_cut_short_by_a_crash_is_finished_by_the_next_writer() {
    let Some(shards) = pg_support::shards("removal cut short") else { return };
    let data = synthetic_data(10, 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let index_dir = dir.path().join("index");
    let index = sharded_corpus(&shards.url, &index_dir, &data);
    let on_shards = || query_count(&shards.url, "SELECT sum(postings)::bigint FROM fp_stats()") as u64;
    let noted = || query_count(&shards.url, "SELECT count(*) FROM adal_pending_removal");
    let all_postings = index.stats().expect("stats").fingerprint_postings;
    assert_eq!(on_shards(), all_postings);
    let postings_of = |id: &str| index.get_meta(id).expect("meta").expect("present").fingerprints;
    let (gone, kept) = (data.sources[2].0.clone(), data.sources[3].0.clone());
    let (gone_postings, kept_postings) = (postings_of(&gone), postings_of(&kept));

    // The sharded writer notes both removals; the commit of the first one happens (through an
    // opening of the corpus whose backend is the embedded table, as if the process died right
    // after the commit), the second one's never does.
    let sharded =
        ShardedPostings::connect(&shards.url, &adal::index::sharded::corpus_id(&index_dir)).expect("connect");
    let plain = CorpusIndex::open_or_create(&index_dir).expect("index");
    let docnum = |id: &str| plain.docnum_of(id).expect("docnum").expect("live");
    let (gone_docnum, kept_docnum) = (docnum(&gone), docnum(&kept));
    adal::index::PostingsBackend::documents_removing(&sharded, &[gone_docnum, kept_docnum]).expect("note");
    assert_eq!(noted(), 2);
    assert!(plain.remove(&gone).expect("remove"));
    assert_eq!(on_shards(), all_postings, "the crash kept the removed document's postings");

    // The next writer (here: the next removal's) finishes the first removal and forgets the
    // second, whose document is still live.
    let reopened = CorpusIndex::open_or_create(&index_dir).expect("index");
    use_sharded_postings(&reopened, &shards.url, &index_dir).expect("attach");
    let third = data.sources[4].0.clone();
    let third_postings = postings_of(&third);
    assert!(reopened.remove(&third).expect("remove"));
    assert_eq!(on_shards(), all_postings - gone_postings - third_postings);
    assert_eq!(noted(), 0, "every note settled");
    assert!(reopened.get_meta(&kept).expect("meta").is_some());
    assert!(kept_postings > 0);
    let candidates = reopened.candidates(&thesis_query(&data.sources[3].1)).expect("candidates");
    assert!(candidates.iter().any(|candidate| candidate.doc_id == kept), "the kept document is still found");
}

#[test]
fn shards_that_miss_documents_refuse_to_answer_instead_of_answering_without_them() {
    let Some(shards) = pg_support::shards("shards behind") else { return };
    let data = synthetic_data(8, 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let index_dir = dir.path().join("index");
    let index = sharded_corpus(&shards.url, &index_dir, &data);
    let query = thesis_query(&data.sources[2].1);
    let found = index.candidates(&query).expect("candidates");
    assert_eq!(found[0].doc_id, data.sources[2].0);

    let execute = |sql: &str| execute(&shards.url, sql);
    // A load in progress (`reload_from` says the shards hold nothing until it is done): a
    // check gets an error, which the service's jobs wait out, not a report without sources.
    execute("UPDATE adal_shard_state SET next_docnum = 0");
    let refused = index.candidates(&query).expect_err("the shards are behind");
    assert!(matches!(refused, adal::index::IndexError::Backend(_)), "{refused}");
    assert!(refused.to_string().contains("load"), "{refused}");
    // Shards of another corpus.
    let next = index.next_docnum().expect("next docnum") as i32;
    execute(&format!("UPDATE adal_shard_state SET next_docnum = {next}, corpus_id = 'another corpus'"));
    assert!(index.candidates(&query).is_err(), "shards of another corpus do not answer");
    execute(&format!(
        "UPDATE adal_shard_state SET corpus_id = '{}'",
        adal::index::sharded::corpus_id(&index_dir).replace('\'', "''")
    ));
    assert_eq!(index.candidates(&query).expect("in step again"), found);
}

#[test]
fn a_coordinator_table_missing_after_an_upgrade_is_created_at_connect() {
    let Some(shards) = pg_support::shards("coordinator tables") else { return };
    let execute = |sql: &str| execute(&shards.url, sql);
    execute("DROP TABLE adal_pending_removal");
    let exists = || {
        query_count(&shards.url, "SELECT count(*) FROM pg_tables WHERE tablename = 'adal_pending_removal'")
    };
    assert_eq!(exists(), 0);
    ShardedPostings::connect(&shards.url, "any corpus").expect("connect");
    assert_eq!(exists(), 1, "connecting created the missing table");
    RescanQueue::connect(&shards.url).expect("connect");
    assert_eq!(exists(), 1);
}
