//! Backup and restore: a backup made through `POST /api/admin/backup` while uploads are in
//! flight restores into a fresh directory as a consistent earlier state of the service (every
//! record equal to the original's, the audit log a prefix of the original's, every file and
//! corpus document there), and the service starts from it. A backup of a quiet service
//! restores to exactly the same records. The CLI's offline backup and restore agree, and its
//! online backup (`adal backup --server`) asks a running server over HTTP.

mod server_support;

use adal::index::CorpusIndex;
use adal::pipeline::backup::{restore, verify_backup};
use adal::store::{FileStore, Role, Store, ThesisScope};
use axum::http::{Method, StatusCode};
use server_support::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn restore_into(backup: &Path, root: &Path) -> (Store, CorpusIndex, PathBuf) {
    let data = root.join("restored");
    let config = test_config(&data);
    restore(backup, &config.store_dir(), &config.index_dir()).expect("restore");
    let store = Store::open(config.store_dir()).expect("restored store opens");
    let index = CorpusIndex::open_or_create(&config.index_dir()).expect("restored index opens");
    (store, index, data)
}

/// Every record of `restored` is in `original` unchanged; answers the restored counts.
fn assert_restored_subset(original: &Store, restored: &Store) -> (usize, usize, usize) {
    let (problems, _) = restored.consistency_problems().expect("check");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(restored.users().expect("users"), original.users().expect("users"));
    let restored_audit = restored.audit_log(1, usize::MAX).expect("audit");
    let original_audit = original.audit_log(1, restored_audit.len()).expect("audit");
    assert_eq!(restored_audit, original_audit, "the restored audit log is a prefix of the original's");
    let (mut versions, mut checks, mut decisions) = (0, 0, 0);
    for thesis in restored.list_theses(&ThesisScope::All).expect("theses") {
        for version in restored.versions_of(thesis.id).expect("versions") {
            // The extraction outcome is the one field a later check may still set.
            let original_version = original.version(version.id).expect("original version");
            assert_eq!(
                version,
                adal::store::Version { extraction: version.extraction.clone(), ..original_version }
            );
            let bytes = restored.files().get(&version.file_hash).expect("the version's file");
            assert_eq!(FileStore::hash_of(&bytes), version.file_hash);
            versions += 1;
            for check in restored.checks_of(version.id).expect("checks") {
                let original_check = original.check(check.id).expect("original check");
                assert_eq!(
                    (check.version, check.similarity),
                    (original_check.version, original_check.similarity)
                );
                assert_eq!(check.report_json, original_check.report_json);
                checks += 1;
            }
        }
        for decision in restored.decisions_of(thesis.id).expect("decisions") {
            assert_eq!(decision, original.decision(decision.id).expect("original decision"));
            decisions += 1;
        }
    }
    (versions, checks, decisions)
}

fn corpus_ids(index: &CorpusIndex) -> BTreeSet<String> {
    index.list().expect("list").into_iter().map(|meta| meta.id).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_while_uploads_are_in_flight_restores_a_consistent_service() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(&dir.path().join("data")));
    load_corpus_documents(&app, &["demo-en-01", "demo-en-02", "demo-en-03"]);
    let admin = create_user(&app, "Admin", Role::Admin, None, None, None);
    let supervisor = create_user(&app, "Supervisor", Role::Supervisor, None, None, None);
    let router = app.router();
    let mut students = Vec::new();
    for number in 0..3 {
        let student = create_user(
            &app,
            &format!("Student{number}"),
            Role::Student,
            None,
            Some(supervisor.user.id),
            None,
        );
        let auth = Auth::of(&student);
        let thesis = create_thesis(&router, &auth, "Backed up", "kk").await;
        let job =
            upload_and_wait(&router, &auth, thesis, "v1.txt", format!("Бірінші нұсқа {number}.").as_bytes())
                .await;
        assert_eq!(job["state"], "done");
        students.push((auth, thesis));
    }
    let decided = post_json(
        &router,
        &format!("/api/theses/{}/decision", students[0].1),
        &Auth::of(&supervisor),
        serde_json::json!({ "decision": "return", "reason": "Дереккөздер жоқ." }),
    )
    .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.text);

    // Uploads keep arriving while the backup runs.
    let writer_router = router.clone();
    let writers = students.clone();
    let writer = tokio::spawn(async move {
        let mut acknowledged = 0;
        for round in 0..15 {
            for (auth, thesis) in &writers {
                let uri = format!("/api/theses/{thesis}/versions");
                let text = format!("Нұсқа {round} of thesis {thesis}.");
                let answer = upload(&writer_router, &uri, auth, "next.txt", text.as_bytes()).await;
                acknowledged += usize::from(answer.status == StatusCode::ACCEPTED);
            }
        }
        acknowledged
    });
    tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    let answer = send(&router, Method::POST, "/api/admin/backup", &Auth::of(&admin), None, Vec::new()).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let backup_dir = PathBuf::from(answer.body["path"].as_str().expect("path"));
    assert!(writer.await.expect("writer") > 0);
    let manifest = verify_backup(&backup_dir).expect("every file matches the manifest");
    assert!(manifest.files.iter().any(|file| file.path.starts_with("index/")));

    let (restored, restored_index, data) = restore_into(&backup_dir, dir.path());
    let (versions, checks, decisions) = assert_restored_subset(&app.state.store, &restored);
    assert!(versions >= 3 && checks >= 3 && decisions >= 1, "{versions} {checks} {decisions}");
    let restored_corpus = corpus_ids(&restored_index);
    assert!(restored_corpus.is_superset(&["demo-en-01", "demo-en-02", "demo-en-03"].map(String::from).into()));
    assert!(restored_corpus.is_subset(&corpus_ids(&app.state.index)));
    drop((restored, restored_index));

    // The service starts from the restored directory and serves the old data.
    let restored_app = open_app(test_config(&data));
    let restored_router = restored_app.router();
    let list = get(&restored_router, "/api/theses", &Auth::of(&admin)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body["theses"].as_array().map(Vec::len), Some(3), "{}", list.text);
    restored_app.shutdown();

    // A backup of the quiet service (every check job ended) restores exactly.
    for _ in 0..6000 {
        let jobs = app.state.store.jobs().expect("jobs");
        if jobs.iter().all(|job| {
            matches!(job.state, adal::store::JobState::Done | adal::store::JobState::Failed { .. })
        }) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Files in the index's folders (fingerprint runs, listed in the commit payload) come along.
    let folder = app.state.config.index_dir().join("side-folder");
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::write(folder.join("probe.bin"), b"immutable side file").expect("probe");
    let quiet = dir.path().join("quiet");
    adal::pipeline::backup::backup(
        &app.state.store,
        &app.state.index,
        &app.state.config.index_dir(),
        &quiet,
        0,
    )
    .expect("backup");
    let second_root = dir.path().join("second");
    let (exact, exact_index, _) = restore_into(&quiet, &second_root);
    assert_restored_subset(&app.state.store, &exact);
    let (_, original_counts) = app.state.store.consistency_problems().expect("counts");
    let (_, exact_counts) = exact.consistency_problems().expect("counts");
    assert_eq!(exact_counts, original_counts);
    assert_eq!(corpus_ids(&exact_index), corpus_ids(&app.state.index));
    let restored_probe = test_config(&second_root.join("restored")).index_dir().join("side-folder/probe.bin");
    assert_eq!(std::fs::read(restored_probe).expect("the side file was restored"), b"immutable side file");
    drop((exact, exact_index));
    app.shutdown();

    // The CLI: offline backup of the restored copy, then restore into yet another directory.
    let cli_backup = dir.path().join("cli-backup");
    let adal = |args: &[&std::ffi::OsStr]| {
        let output =
            std::process::Command::new(env!("CARGO_BIN_EXE_adal")).args(args).output().expect("adal");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    };
    adal(&[
        "--data".as_ref(),
        second_root.join("restored").as_os_str(),
        "backup".as_ref(),
        "--out".as_ref(),
        cli_backup.as_os_str(),
    ]);
    let third = dir.path().join("third");
    adal(&[
        "--data".as_ref(),
        third.as_os_str(),
        "restore".as_ref(),
        "--from".as_ref(),
        cli_backup.as_os_str(),
    ]);
    let third_store = Store::open(test_config(&third).store_dir()).expect("third");
    assert_eq!(third_store.consistency_problems().expect("counts").1, original_counts);
    // Restoring over existing data is refused.
    let refused = restore(&cli_backup, &test_config(&third).store_dir(), &test_config(&third).index_dir());
    assert!(refused.is_err());
}

/// Runs `adal ARGS` on a blocking thread (the server answers on the runtime meanwhile);
/// answers whether it succeeded and what it printed.
async fn run_adal(args: Vec<std::ffi::OsString>) -> (bool, String) {
    tokio::task::spawn_blocking(move || {
        let output =
            std::process::Command::new(env!("CARGO_BIN_EXE_adal")).args(args).output().expect("adal");
        let text =
            format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        (output.status.success(), text)
    })
    .await
    .expect("the adal child")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_backs_up_a_running_server_over_http() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open_app(test_config(&dir.path().join("data")));
    load_corpus_documents(&app, &["demo-en-01"]);
    let admin = create_user(&app, "Admin", Role::Admin, None, None, None);
    let address = serve_on_loopback(&app).await;
    let server = format!("http://{address}");
    let out = dir.path().join("online");
    let args = |token: &str| -> Vec<std::ffi::OsString> {
        vec![
            "backup".into(),
            "--server".into(),
            server.clone().into(),
            "--token".into(),
            token.into(),
            "--out".into(),
            out.clone().into(),
        ]
    };

    let (ok, text) = run_adal(args("not-a-token")).await;
    assert!(!ok && text.contains("the server refused the backup: 401"), "{text}");
    let (ok, text) = run_adal(args(&admin.token)).await;
    assert!(ok, "{text}");
    let manifest = verify_backup(&out).expect("every file matches the manifest");
    assert!(!manifest.files.is_empty());
    app.shutdown();
}
