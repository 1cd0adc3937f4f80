//! A bulk rescan across a restart: theses are checked, the corpus grows, staff start a rescan,
//! the service stops after two theses (the job left running, as after a crash), opens again,
//! resumes the job and finishes it. Nothing is counted or checked twice, a bad file fails its
//! item without stopping the batch, and the summary CSV shows the score changes.

mod server_support;

use adal::pipeline::thesis::now_ms;
use adal::store::{JobKind, JobState, Role};
use axum::http::StatusCode;
use serde_json::json;
use server_support::*;

struct Submitted {
    thesis: u64,
    version: u64,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rescan_survives_a_restart_and_counts_every_thesis_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let borrowed = std::fs::read(repo_path("demo/en-thesis.txt")).expect("demo thesis");
    let docx = std::fs::read(repo_path("tests/fixtures/clean.docx")).expect("docx");
    let uploads: Vec<(&str, Vec<u8>)> = vec![
        ("first.txt", borrowed.clone()),
        ("second.txt", borrowed.clone()),
        ("own.txt", b"An original text about wheat yields in the northern steppe regions.".to_vec()),
        ("broken.docx", docx[..docx.len() / 2].to_vec()),
    ];

    // First run: a corpus with one of the two sources the demo thesis borrows from.
    let mut submitted = Vec::new();
    let staff_token;
    {
        let app = open_app(test_config(dir.path()));
        load_corpus_documents(&app, &["demo-en-02"]);
        let staff = create_user(&app, "Staff", Role::Staff, None, None, None);
        staff_token = staff.token.clone();
        let supervisor = create_user(&app, "Supervisor", Role::Supervisor, Some("Science"), None, None);
        let router = app.router();
        for ((file_name, _), (thesis, job)) in
            uploads.iter().zip(submit_as_new_students(&app, &router, &supervisor, &uploads).await)
        {
            let expected = if file_name.ends_with(".docx") { "failed" } else { "done" };
            assert_eq!(job["state"], expected, "{file_name}: {job}");
            submitted.push(Submitted { thesis, version: job["version"].as_u64().expect("version") });
        }
        // The corpus grows: the second source of the demo thesis arrives.
        load_corpus_documents(&app, &["demo-en-03"]);
        app.shutdown();
    }
    let staff = Auth::Bearer(staff_token);

    // Second run, without workers: queue the rescan and run two of its theses by hand, then stop
    // as if the process died (the job stays "running").
    let rescan_id;
    {
        let mut config = test_config(dir.path());
        config.workers = 0;
        let app = open_app(config);
        let router = app.router();
        let empty =
            post_json(&router, "/api/rescans", &staff, json!({ "selection": "faculty", "faculty": "Law" }))
                .await;
        assert_eq!(empty.body["progress"]["total"], 0, "{}", empty.text);
        let answer = post_json(&router, "/api/rescans", &staff, json!({ "selection": "all" })).await;
        assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
        rescan_id = answer.body["id"].as_u64().expect("job id");
        assert_eq!(answer.body["progress"]["total"], 4);
        // The empty rescan was queued first; finish it, then claim the real one.
        let first = app.state.store.claim_next_job(now_ms()).expect("claim").expect("a job");
        assert!(app.runner.run_rescan_items(&first, None).expect("empty rescan"));
        let job = app.state.store.claim_next_job(now_ms()).expect("claim").expect("the rescan");
        assert_eq!(job.id, rescan_id);
        assert!(matches!(job.kind, JobKind::Rescan { .. }));
        let finished = app.runner.run_rescan_items(&job, Some(2)).expect("two items");
        assert!(!finished);
        let job = app.state.store.job(rescan_id).expect("job");
        assert_eq!((job.done, job.state), (2, JobState::Running));
        let progress = get(&router, &format!("/api/jobs/{rescan_id}"), &staff).await;
        assert_eq!(progress.body["state"], "running");
        assert_eq!(progress.body["progress"]["done"], 2);
        drop(app);
    }

    // Third run: the job is requeued at start, a worker resumes it and finishes it.
    let app = open_app(test_config(dir.path()));
    let router = app.router();
    let job = wait_for_job(&router, &staff, rescan_id).await;
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(job["progress"]["done"], 4);
    assert_eq!(job["progress"]["total"], 4);
    assert_eq!(job["progress"]["failed"], 1);
    assert_eq!(app.state.store.rescan_items(rescan_id).expect("items").len(), 4);
    for item in &submitted[..3] {
        let checks = app.state.store.checks_of(item.version).expect("checks");
        assert_eq!(checks.len(), 2, "thesis {}: one first check and one rescan check", item.thesis);
    }
    assert!(app.state.store.checks_of(submitted[3].version).expect("checks").is_empty());

    let csv = get(&router, &format!("/api/rescans/{rescan_id}/summary.csv"), &staff).await;
    assert_eq!(csv.status, StatusCode::OK);
    let lines: Vec<&str> = csv.text.lines().collect();
    assert_eq!(lines[0], "thesis,title,old_similarity,new_similarity,change,failure");
    assert_eq!(lines.len(), 5, "{}", csv.text);
    for line in &lines[1..3] {
        let cells: Vec<&str> = line.split(',').collect();
        let old: f32 = cells[2].parse().expect("old similarity");
        let new: f32 = cells[3].parse().expect("new similarity");
        assert!(new > old, "the new source raises the score: {line}");
        assert!(cells[4].starts_with('+'), "{line}");
    }
    assert!(lines[3].contains(",0.0,0.0,+0.0,"), "{}", lines[3]);
    assert!(lines[4].ends_with(",corrupt_file"), "{}", lines[4]);
}
