//! The corpus index: adds, idempotence, removals, templates, candidate retrieval (checked
//! against a brute-force count), staff search, versions and persistence. The candidate tests
//! run on both postings backends: the embedded runs and the PostgreSQL shards (`pg_support`).

use adal::index::{
    fingerprint_key, AddOutcome, CandidateQuery, CorpusIndex, DocumentKind, DocumentMeta, IndexError,
    NewDocument,
};
use adal::model::DocLang;
use adal::pipeline::ingest::{document_from_text, reindex, set_template};
use adal_tools::synthetic::{generate_corpus, make_submission, CorpusMix};
use std::collections::{HashMap, HashSet};

mod pg_support;
use pg_support::for_each_backend;

fn document(id: &str, text: &str) -> NewDocument {
    let mut meta = DocumentMeta::new(id, format!("Title of {id}"));
    meta.language = DocLang::Kk;
    meta.kind = DocumentKind::Article;
    document_from_text(meta, text.to_string())
}

/// A document with chosen fingerprint hashes (the text only has to be unique).
fn hashed_document(id: &str, hashes: &[u64]) -> NewDocument {
    NewDocument {
        meta: DocumentMeta::new(id, id),
        text: format!("text of {id}"),
        fingerprint_hashes: hashes.to_vec(),
    }
}

fn query(hashes: &[u64]) -> CandidateQuery {
    CandidateQuery { min_shared: 1, ..CandidateQuery::new(hashes.to_vec()) }
}

fn candidate_ids(index: &CorpusIndex, query: &CandidateQuery) -> Vec<(String, u32)> {
    index
        .candidates(query)
        .expect("candidates")
        .into_iter()
        .map(|candidate| (candidate.doc_id, candidate.shared_fingerprints))
        .collect()
}

const KAZAKH_TEXT: &str = "Қазақстан Республикасы — зайырлы, демократиялық мемлекет. \
    Инклюзивті білім беру жүйесі әрбір баланың мүмкіндіктерін ескереді.";

#[test]
fn add_then_get_document_returns_meta_and_text() {
    let index = CorpusIndex::create_in_ram().expect("index");
    let outcomes = index.add_documents(vec![document("kk-1", KAZAKH_TEXT)]).expect("add");
    assert_eq!(outcomes, vec![AddOutcome::Added { id: "kk-1".to_string() }]);
    let stored = index.get_document("kk-1").expect("get").expect("present");
    assert_eq!(stored.text, KAZAKH_TEXT);
    assert_eq!(stored.meta.title, "Title of kk-1");
    assert_eq!(stored.meta.language, DocLang::Kk);
    assert_eq!(stored.meta.kind, DocumentKind::Article);
    assert_eq!(stored.meta.text_bytes, KAZAKH_TEXT.len() as u64);
    assert!(stored.meta.words > 10);
    assert!(stored.meta.fingerprints > 0);
    assert_eq!(stored.meta.content_hash, adal::index::content_hash(KAZAKH_TEXT));
    assert!(index.get_document("missing").expect("get").is_none());
}

#[test]
fn adding_the_same_text_again_is_a_no_op() {
    let index = CorpusIndex::create_in_ram().expect("index");
    index.add_documents(vec![document("first", KAZAKH_TEXT)]).expect("add");
    let version = index.version().expect("version");
    let outcomes = index
        .add_documents(vec![document("second", KAZAKH_TEXT), document("third", "басқа мәтін мүлде")])
        .expect("re-add");
    assert_eq!(outcomes[0], AddOutcome::AlreadyPresent { existing_id: "first".to_string() });
    assert_eq!(outcomes[1], AddOutcome::Added { id: "third".to_string() });
    assert_eq!(index.num_documents(), 2);
    assert_eq!(index.version().expect("version").corpus_version, version.corpus_version + 1);

    // A batch made only of known texts commits nothing and keeps the version.
    let outcomes = index.add_documents(vec![document("again", KAZAKH_TEXT)]).expect("re-add");
    assert!(matches!(outcomes[0], AddOutcome::AlreadyPresent { .. }));
    assert_eq!(index.version().expect("version").corpus_version, version.corpus_version + 1);
}

#[test]
fn duplicates_inside_one_batch_and_taken_ids_are_reported() {
    let index = CorpusIndex::create_in_ram().expect("index");
    let outcomes = index
        .add_documents(vec![
            document("a", KAZAKH_TEXT),
            document("b", KAZAKH_TEXT),
            document("a", "other text"),
        ])
        .expect("add");
    assert_eq!(
        outcomes,
        vec![
            AddOutcome::Added { id: "a".to_string() },
            AddOutcome::AlreadyPresent { existing_id: "a".to_string() },
            AddOutcome::IdTaken { id: "a".to_string() },
        ]
    );
}

#[test]
fn remove_deletes_and_bumps_the_version() {
    let index = CorpusIndex::create_in_ram().expect("index");
    index.add_documents(vec![document("x", KAZAKH_TEXT)]).expect("add");
    let before = index.version().expect("version").corpus_version;
    assert!(index.remove("x").expect("remove"));
    assert_eq!(index.version().expect("version").corpus_version, before + 1);
    assert!(index.get_document("x").expect("get").is_none());
    assert!(!index.remove("x").expect("remove again"));
    assert_eq!(index.version().expect("version").corpus_version, before + 1);
    // The text can be added again after removal.
    let outcomes = index.add_documents(vec![document("x2", KAZAKH_TEXT)]).expect("add");
    assert_eq!(outcomes, vec![AddOutcome::Added { id: "x2".to_string() }]);
}

#[test]
fn deleted_documents_are_not_candidates() {
    for_each_backend("deleted_documents_are_not_candidates", |index| {
        index
            .add_documents(vec![hashed_document("keep", &[1, 2, 3]), hashed_document("drop", &[1, 2, 3, 4])])
            .expect("add");
        assert_eq!(
            candidate_ids(index, &query(&[1, 2, 3, 4])),
            vec![("drop".to_string(), 4), ("keep".to_string(), 3)]
        );
        index.remove("drop").expect("remove");
        assert_eq!(candidate_ids(index, &query(&[1, 2, 3, 4])), vec![("keep".to_string(), 3)]);
    });
}

#[test]
fn candidates_respect_min_shared_max_candidates_and_exclusions() {
    for_each_backend("candidates_respect_min_shared_max_candidates_and_exclusions", |index| {
        index
            .add_documents(vec![
                hashed_document("one", &[1]),
                hashed_document("two", &[1, 2]),
                hashed_document("three", &[1, 2, 3]),
            ])
            .expect("add");
        let mut candidate_query = query(&[3, 2, 1, 1, 2]);
        candidate_query.min_shared = 2;
        assert_eq!(
            candidate_ids(index, &candidate_query),
            vec![("three".to_string(), 3), ("two".to_string(), 2)]
        );
        candidate_query.max_candidates = 1;
        assert_eq!(candidate_ids(index, &candidate_query), vec![("three".to_string(), 3)]);
        candidate_query.exclude_ids = vec!["three".to_string()];
        assert_eq!(candidate_ids(index, &candidate_query), vec![("two".to_string(), 2)]);
        assert!(index.candidates(&query(&[])).expect("empty").is_empty());
    });
}

#[test]
fn hashes_in_too_many_documents_never_seed_a_match() {
    for_each_backend("hashes_in_too_many_documents_never_seed_a_match", |index| {
        // Hash 7 is boilerplate found in all 40 documents; each document also has its own hash.
        let documents =
            (0..40u64).map(|number| hashed_document(&format!("d{number:02}"), &[7, 1000 + number])).collect();
        index.add_documents(documents).expect("add");
        let mut candidate_query = query(&[7, 1005]);
        candidate_query.max_document_share = 0.05;
        candidate_query.min_document_cutoff = 2;
        assert_eq!(candidate_ids(index, &candidate_query), vec![("d05".to_string(), 1)]);
        // With the filter off, every document shares hash 7.
        candidate_query.max_document_share = 1.0;
        assert_eq!(index.candidates(&candidate_query).expect("candidates").len(), 40);
        // On a tiny corpus the absolute minimum keeps a hash shared by a few documents.
        assert_eq!(candidate_query.document_frequency_cutoff(3), 3);
    });
}

#[test]
fn template_documents_never_seed_a_match() {
    for_each_backend("template_documents_never_seed_a_match", |index| {
        let title_page = "Әл-Фараби атындағы Қазақ ұлттық университеті. Дипломдық жұмыс. \
            Ғылыми жетекші: профессор. Алматы қаласы, екі мың жиырма төртінші жыл.";
        let thesis = format!("{title_page} Бұл жұмыста далалық сауда қалаларының тарихы қарастырылады.");
        index
            .add_documents(vec![document("template", title_page), document("thesis", &thesis)])
            .expect("add");
        let submission = document("submission", title_page);
        let mut candidate_query = query(&submission.fingerprint_hashes);
        candidate_query.max_document_share = 1.0;
        let before = candidate_ids(index, &candidate_query);
        assert!(before.iter().any(|(id, _)| id == "thesis"));
        assert!(before.iter().any(|(id, _)| id == "template"));

        assert!(set_template(index, "template", true).expect("mark"));
        let meta = index.get_meta("template").expect("meta").expect("present");
        assert!(meta.template);
        assert!(candidate_ids(index, &candidate_query).is_empty(), "template text must match nothing");
        assert_eq!(index.stats().expect("stats").template_documents, 1);

        assert!(set_template(index, "template", false).expect("unmark"));
        assert_eq!(candidate_ids(index, &candidate_query).len(), 2);
        assert!(!set_template(index, "missing", true).expect("missing"));
    });
}

#[test]
fn candidates_match_a_brute_force_count_on_a_synthetic_corpus() {
    let generator = generate_corpus(2024, 24, CorpusMix::ARTICLES_ONLY);
    let vocabularies = generator.vocabularies();
    let sources: Vec<_> = generator.collect();
    let documents: Vec<NewDocument> = sources
        .iter()
        .map(|source| {
            let mut meta = DocumentMeta::new(source.id.clone(), source.title.clone());
            meta.language = source.language;
            document_from_text(meta, source.text.clone())
        })
        .collect();
    let hash_sets: HashMap<String, HashSet<u64>> = documents
        .iter()
        .map(|document| {
            (
                document.meta.id.clone(),
                document.fingerprint_hashes.iter().map(|&hash| fingerprint_key(hash)).collect(),
            )
        })
        .collect();
    for_each_backend("candidates_match_a_brute_force_count_on_a_synthetic_corpus", |index| {
        // Two batches, so the index has more than one segment.
        let (first, second) = documents.split_at(10);
        index.add_documents(first.to_vec()).expect("add");
        index.add_documents(second.to_vec()).expect("add");

        let borrowed_from: Vec<&str> = sources[3..6].iter().map(|source| source.text.as_str()).collect();
        let submission = make_submission(&vocabularies, 77, sources[3].language, &borrowed_from, 3_000, 0.4);
        // The brute force counts index keys, as the index does (see `FINGERPRINT_KEY_BITS`).
        let submission_hashes: HashSet<u64> =
            document_from_text(DocumentMeta::new("s", "s"), submission.text)
                .fingerprint_hashes
                .into_iter()
                .map(fingerprint_key)
                .collect();

        for (share, cutoff) in [(1.0, 0), (0.05, 2)] {
            let mut candidate_query = query(&submission_hashes.iter().copied().collect::<Vec<_>>());
            candidate_query.max_candidates = 1_000;
            candidate_query.max_document_share = share;
            candidate_query.min_document_cutoff = cutoff;
            let limit = candidate_query.document_frequency_cutoff(sources.len() as u64);
            let mut expected: Vec<(String, u32)> = hash_sets
                .iter()
                .map(|(id, hashes)| {
                    let shared = submission_hashes
                        .iter()
                        .filter(|hash| hashes.contains(hash))
                        .filter(|hash| {
                            hash_sets.values().filter(|set| set.contains(hash)).count() as u64 <= limit
                        })
                        .count() as u32;
                    (id.clone(), shared)
                })
                .filter(|(_, shared)| *shared > 0)
                .collect();
            expected.sort_by(|left, right| right.1.cmp(&left.1).then_with(|| left.0.cmp(&right.0)));
            let found = candidate_ids(index, &candidate_query);
            assert_eq!(found, expected, "share {share}");
            let top: HashSet<&str> = found.iter().take(3).map(|(id, _)| id.as_str()).collect();
            let sources_used: HashSet<&str> = sources[3..6].iter().map(|source| source.id.as_str()).collect();
            assert_eq!(top, sources_used, "the borrowed-from documents come first");
        }
    });
}

#[test]
fn search_finds_kazakh_words_regardless_of_case() {
    let index = CorpusIndex::create_in_ram().expect("index");
    index
        .add_documents(vec![
            document("kk", KAZAKH_TEXT),
            document("ru", "Цифровая экономика Казахстана растёт."),
        ])
        .expect("add");
    for query_text in ["қазақстан", "ҚАЗАҚСТАН", "Инклюзивті", "ИНКЛЮЗИВТІ білім"]
    {
        let hits = index.search(query_text, 10).expect("search");
        assert_eq!(hits.len(), 1, "{query_text}");
        assert_eq!(hits[0].id, "kk");
        assert!(!hits[0].highlights.is_empty());
    }
    // ё and е are the same letter for search.
    assert_eq!(index.search("растет", 10).expect("search")[0].id, "ru");
    // Title words are searchable too.
    assert_eq!(index.search("title", 10).expect("search").len(), 2);
    assert!(index.search("жоқсөз", 10).expect("search").is_empty());
    // There is no query syntax: quotes, brackets and hyphens are just separators.
    assert_eq!(index.search("\"білім (беру", 10).expect("search")[0].id, "kk");
    assert!(index.search(" — ", 10).expect("search").is_empty());
}

#[test]
fn list_and_stats_count_live_documents() {
    let index = CorpusIndex::create_in_ram().expect("index");
    index
        .add_documents(vec![document("b", KAZAKH_TEXT), document("a", "бір екі үш төрт бес алты жеті")])
        .expect("add");
    index.remove("b").expect("remove");
    let listed: Vec<String> = index.list().expect("list").into_iter().map(|meta| meta.id).collect();
    assert_eq!(listed, ["a"]);
    let stats = index.stats().expect("stats");
    assert_eq!(stats.documents, 1);
    assert_eq!(stats.words, 7);
    assert_eq!(stats.corpus_version, 2);
    assert!(stats.fingerprint_postings > 0);
    assert!(stats.index_bytes > 0);
    assert!(!stats.reindex_needed);
}

#[test]
fn versions_persist_across_reopening() {
    let directory = tempfile::tempdir().expect("tempdir");
    let path = directory.path().join("index");
    {
        let index = CorpusIndex::open_or_create(&path).expect("create");
        assert_eq!(index.version().expect("version").corpus_version, 0);
        index.add_documents(vec![document("kk", KAZAKH_TEXT)]).expect("add");
        index.add_documents(vec![hashed_document("h", &[5, 6])]).expect("add");
    }
    let index = CorpusIndex::open_or_create(&path).expect("reopen");
    let version = index.version().expect("version");
    assert_eq!(version.corpus_version, 2);
    assert_eq!(version.scheme_version, adal::fingerprint::SCHEME_VERSION);
    assert_eq!(index.get_document("kk").expect("get").expect("present").text, KAZAKH_TEXT);
    assert_eq!(candidate_ids(&index, &query(&[5, 6])), vec![("h".to_string(), 2)]);
    assert_eq!(index.search("қазақстан", 5).expect("search").len(), 1);
}

#[test]
fn a_second_writer_on_the_same_directory_is_busy() {
    let directory = tempfile::tempdir().expect("tempdir");
    let first = CorpusIndex::open_or_create(directory.path()).expect("first");
    let second = CorpusIndex::open_or_create(directory.path()).expect("second");
    let writer = first.writer().expect("writer");
    assert!(matches!(second.writer(), Err(IndexError::Busy)));
    writer.finish().expect("finish");
    second.writer().expect("free again").finish().expect("finish");
}

#[test]
fn a_scheme_change_requires_and_allows_a_reindex() {
    let index = CorpusIndex::create_in_ram().expect("index");
    index.add_documents(vec![document("kk", KAZAKH_TEXT)]).expect("add");
    // Simulate an index written by a release with another fingerprint scheme.
    let mut writer = index.writer().expect("writer");
    writer.replace(Vec::new(), 999).expect("record old scheme");
    writer.finish().expect("finish");
    assert_eq!(index.reindex_needed().expect("check"), Some(999));
    assert!(matches!(
        index.add_documents(vec![document("new", "жаңа құжат мәтіні")]),
        Err(IndexError::ReindexNeeded { stored: 999, .. })
    ));
    reindex(&index, &|_| {}).expect("reindex");
    assert_eq!(index.reindex_needed().expect("check"), None);
    index.add_documents(vec![document("new", "жаңа құжат мәтіні")]).expect("add after reindex");
    assert_eq!(index.num_documents(), 2);
}

#[test]
fn many_batches_merge_runs_and_keep_exact_counts() {
    // 40 one-document batches: the size-tiered policy merges runs as they pile up; removed
    // documents never count, before or after a full merge, and across reopening.
    let directory = tempfile::tempdir().expect("tempdir");
    let path = directory.path().join("index");
    let index = CorpusIndex::open_or_create(&path).expect("create");
    for number in 0..40u64 {
        let hashes: Vec<u64> = (0..=number).map(|shared| 1_000 + shared).chain([50_000 + number]).collect();
        index.add_documents(vec![hashed_document(&format!("d{number:02}"), &hashes)]).expect("add");
    }
    let stats = index.stats().expect("stats");
    assert!(stats.fingerprint_runs < 10, "runs were merged: {}", stats.fingerprint_runs);
    assert!(index.remove("d39").expect("remove"));
    assert!(index.remove("d38").expect("remove"));
    let keys: Vec<u64> = (1_000..1_010).collect();
    let mut all_documents = query(&keys);
    all_documents.max_candidates = 100;
    all_documents.max_document_share = 1.0;
    // Key 1_000 + k is in documents d(k) and later; the query holds 1_000..1_009, so d(n)
    // shares min(n, 9) + 1 keys.
    let counted = |index: &CorpusIndex| {
        let found = candidate_ids(index, &all_documents);
        let expected: Vec<(String, u32)> = {
            let mut rows: Vec<(String, u32)> =
                (0..38u32).map(|n| (format!("d{n:02}"), n.min(9) + 1)).collect();
            rows.sort_by(|left, right| right.1.cmp(&left.1).then_with(|| left.0.cmp(&right.0)));
            rows
        };
        assert_eq!(found, expected);
    };
    counted(&index);
    index.merge_fingerprint_runs().expect("merge");
    let stats = index.stats().expect("stats");
    assert_eq!(stats.fingerprint_runs, 1);
    // After the full merge only live documents' pairs remain: 38 documents, n + 2 keys each.
    assert_eq!(stats.fingerprint_table_pairs, (0..38u64).map(|n| n + 2).sum::<u64>());
    counted(&index);
    drop(index);
    let reopened = CorpusIndex::open_or_create(&path).expect("reopen");
    counted(&reopened);
}

#[test]
fn run_files_left_by_a_crash_are_deleted_by_the_next_writer() {
    let directory = tempfile::tempdir().expect("tempdir");
    let path = directory.path().join("index");
    let index = CorpusIndex::open_or_create(&path).expect("create");
    index.add_documents(vec![hashed_document("a", &[1, 2, 3])]).expect("add");
    let runs = path.join(adal::index::RUNS_FOLDER);
    // A run written just before a crash, never committed.
    let orphan = runs.join("999999999999.fpr");
    std::fs::write(&orphan, b"half-written").expect("write orphan");
    assert_eq!(candidate_ids(&index, &query(&[1, 2, 3])), vec![("a".to_string(), 3)]);
    index.add_documents(vec![hashed_document("b", &[2, 3])]).expect("add");
    assert!(!orphan.exists(), "the writer removed the orphan");
    assert_eq!(candidate_ids(&index, &query(&[1, 2, 3])), vec![("a".to_string(), 3), ("b".to_string(), 2)]);
}

#[test]
fn a_damaged_run_is_reported_not_trusted() {
    let directory = tempfile::tempdir().expect("tempdir");
    let path = directory.path().join("index");
    {
        let index = CorpusIndex::open_or_create(&path).expect("create");
        index.add_documents(vec![hashed_document("a", &[1, 2, 3])]).expect("add");
    }
    let runs = path.join(adal::index::RUNS_FOLDER);
    let run = std::fs::read_dir(&runs).expect("runs").next().expect("one run").expect("entry").path();
    std::fs::write(&run, b"garbage").expect("damage");
    let index = CorpusIndex::open_or_create(&path).expect("open");
    assert!(matches!(index.candidates(&query(&[1, 2, 3])), Err(IndexError::CorruptRun(_))));
}

#[test]
fn an_index_of_the_earlier_layout_is_rebuilt_from_its_stored_texts() {
    // The layout before the fingerprint table: fingerprints as an indexed field, no `docnum`.
    use tantivy::schema::{Schema, FAST, INDEXED, STORED, STRING, TEXT};
    let directory = tempfile::tempdir().expect("tempdir");
    let path = directory.path().join("index");
    std::fs::create_dir_all(&path).expect("dir");
    {
        let mut builder = Schema::builder();
        let id = builder.add_text_field("id", STRING | STORED | FAST);
        let title = builder.add_text_field("title", STRING | STORED | FAST);
        let language = builder.add_text_field("language", STRING | STORED | FAST);
        let text = builder.add_text_field("text", TEXT | STORED);
        let fingerprints = builder.add_u64_field("fingerprints", INDEXED);
        let old = tantivy::Index::create_in_dir(&path, builder.build()).expect("old index");
        let mut writer: tantivy::IndexWriter = old.writer(15_000_000).expect("writer");
        for (doc_id, doc_title, doc_language, doc_text) in
            [("kk", "Қазақша", "kk", KAZAKH_TEXT), ("en", "English", "en", "An English text about water.")]
        {
            writer
                .add_document(tantivy::doc!(
                    id => doc_id, title => doc_title, language => doc_language, text => doc_text,
                    fingerprints => 7u64
                ))
                .expect("add");
        }
        writer.commit().expect("commit");
    }
    assert!(matches!(CorpusIndex::open_or_create(&path), Err(IndexError::IncompatibleSchema { .. })));

    let told = std::sync::Mutex::new(Vec::new());
    let index = adal::pipeline::ingest::open_corpus_index(&path, &|what| {
        told.lock().expect("lock").push(what.to_string())
    })
    .expect("upgraded");
    assert_eq!(told.lock().expect("lock").len(), 1, "{told:?}");
    assert_eq!(index.num_documents(), 2);
    let kazakh = index.get_document("kk").expect("get").expect("kept");
    assert_eq!(kazakh.text, KAZAKH_TEXT);
    assert_eq!(kazakh.meta.title, "Қазақша");
    assert_eq!(kazakh.meta.language, DocLang::Kk);
    assert!(path.with_extension("old-layout").is_dir(), "the old index is kept beside the new one");
    // The rebuilt index finds the document by its fingerprints.
    let submission = document_from_text(DocumentMeta::new("s", "s"), KAZAKH_TEXT.to_string());
    let found = candidate_ids(&index, &query(&submission.fingerprint_hashes));
    assert_eq!(found.first().map(|(id, _)| id.as_str()), Some("kk"), "{found:?}");
    drop(index);
    // Opening again changes nothing.
    let again = adal::pipeline::ingest::open_corpus_index(&path, &|what| panic!("unexpected: {what}"))
        .expect("open again");
    assert_eq!(again.num_documents(), 2);
}

/// Sentences rewritten hard (word order changed, words inflected otherwise, a few swapped)
/// share no word shingles with their source; the sentence stem pairs the index also keeps
/// still retrieve it, and an unrelated text on the same topic is not retrieved.
#[test]
fn heavily_rewritten_sentences_retrieve_their_source() {
    let source = "Городские библиотеки долгое время оставались главным местом встречи читателей \
        разных поколений. Исследователи отмечают, что после появления электронных каталогов \
        посещаемость читальных залов в крупных городах заметно снизилась. Число выданных книг \
        при этом почти не изменилось, а спрос на редкие издания даже вырос. Новые формы работы \
        с читателями требуют от библиотекарей другой подготовки и знания цифровых сервисов.";
    let same_topic = "Сельские школы испытывают нехватку учителей математики и физики. Молодые \
        специалисты редко остаются в деревне дольше трёх лет. Министерство предлагает доплаты и \
        жильё, однако программа охватывает лишь часть районов.";
    let rewritten = "Посещаемость залов читальных в городах крупных снизилась заметно, отмечают \
        исследователи, после каталогов электронных появления. Книг выданных число почти не \
        менялось при этом, вырос даже спрос на издания редкие. Подготовки другой требуют от \
        библиотекарей формы новые работы с читателями, и сервисов цифровых знания.";
    let index = CorpusIndex::create_in_ram().expect("index");
    index.add_documents(vec![document("library", source), document("schools", same_topic)]).expect("add");
    let tokens = adal::text::analyze(rewritten).tokens;
    let [by_fingerprints, _, _] =
        adal::pipeline::retrieval::candidate_queries(rewritten, &tokens, None, &[], None);
    assert!(index.candidates(&by_fingerprints).expect("candidates").is_empty(), "no shingle survives");
    let request = adal::pipeline::retrieval::RetrievalRequest {
        text: rewritten,
        tokens: &tokens,
        excluded_document_ids: &[],
        max_sources: None,
        concepts: None,
    };
    let found = adal::pipeline::retrieval::candidates_of(&index, &[request])
        .expect("candidates")
        .pop()
        .unwrap_or_default();
    let ids: Vec<&str> = found.iter().map(|candidate| candidate.doc_id.as_str()).collect();
    assert_eq!(ids, vec!["library"]);
}
