//! The service with the sharded backend and distributed rescans, on the loopback PostgreSQL
//! cluster (skipped without it, see `pg_support`): uploads are checked with candidates from
//! the shards, the corpus grows, staff start a rescan, two `adal worker` processes do the
//! checking, and the service imports their reports: every thesis once, the new source found.
//! Once more with the proxy stopped while the rescan starts and started again (as root), and
//! then stopped while a thesis is uploaded: its check waits for the shards instead of failing.

mod pg_support;
mod server_support;

use adal::config::IndexBackend;
use adal::store::Role;
use axum::http::StatusCode;
use serde_json::json;
use server_support::*;
use std::process::{Child, Command, Stdio};

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn_worker(name: &str, index_dir: &std::path::Path, url: &str) -> KillOnDrop {
    let child = Command::new(env!("CARGO_BIN_EXE_adal"))
        .args(["worker", "--index"])
        .arg(index_dir)
        .args(["--postgres", url, "--name", name, "--batch", "2", "--lease-secs", "5"])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start adal worker");
    KillOnDrop(child)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_distributed_rescan_is_checked_by_workers_and_imported_once() {
    run_scenario("distributed rescan", None).await;
}

/// The proxy cluster of `tools/pg-cluster.sh` (`ADAL_TEST_PG_PROXY_CLUSTER`, e.g. "15 adalproxy",
/// exported by `.ci/run` when it runs as root), stopped and started with `pg_ctlcluster`.
struct ProxyCluster(Vec<String>);

impl ProxyCluster {
    fn from_env() -> Option<ProxyCluster> {
        let value = std::env::var("ADAL_TEST_PG_PROXY_CLUSTER").ok()?;
        let words: Vec<String> = value.split_whitespace().map(str::to_string).collect();
        (words.len() == 2).then_some(ProxyCluster(words))
    }

    fn run(&self, action: &str) {
        let status = Command::new("pg_ctlcluster")
            .args([&self.0[0], &self.0[1], action])
            .args(if action == "stop" { &["-m", "fast"][..] } else { &[][..] })
            .status()
            .expect("pg_ctlcluster");
        assert!(status.success(), "pg_ctlcluster {action} failed");
    }
}

impl Drop for ProxyCluster {
    /// A failing test never leaves the proxy down for the tests after it.
    fn drop(&mut self) {
        let _ = Command::new("pg_ctlcluster")
            .args([&self.0[0], &self.0[1], "start"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_distributed_rescan_waits_out_a_restarted_proxy() {
    let Some(proxy) = ProxyCluster::from_env() else {
        eprintln!("skipping: ADAL_TEST_PG_PROXY_CLUSTER is not set (needs root and tools/pg-cluster.sh)");
        return;
    };
    run_scenario("restarted proxy", Some(proxy)).await;
}

async fn run_scenario(name: &str, restarted_proxy: Option<ProxyCluster>) {
    // The PostgreSQL client blocks: outside the async runtime's context, as the service does it
    // (it opens before the runtime starts; handlers write the corpus on blocking threads).
    use tokio::task::block_in_place;
    let Some(shards) = block_in_place(|| pg_support::shards(name)) else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = test_config(dir.path());
    config.index_backend = IndexBackend::Postgres;
    config.postgres_url = Some(shards.url.clone());
    config.distributed_rescans = true;
    let app = block_in_place(|| open_app(config));
    assert_eq!(app.state.index.postings_backend().name(), "postgres");
    block_in_place(|| load_corpus_documents(&app, &["demo-en-02"]));
    let staff = Auth::of(&create_user(&app, "Staff", Role::Staff, None, None, None));
    let supervisor = create_user(&app, "Supervisor", Role::Supervisor, Some("Science"), None, None);
    let router = app.router();

    let borrowed = std::fs::read(repo_path("demo/en-thesis.txt")).expect("demo thesis");
    let uploads: Vec<(&str, Vec<u8>)> = vec![
        ("first.txt", borrowed.clone()),
        ("second.txt", borrowed.clone()),
        ("own.txt", b"An original text about wheat yields in the northern steppe regions.".to_vec()),
    ];
    let mut versions = Vec::new();
    for ((file_name, _), (_, job)) in
        uploads.iter().zip(submit_as_new_students(&app, &router, &supervisor, &uploads).await)
    {
        assert_eq!(job["state"], "done", "{file_name}: {job}");
        versions.push(job["version"].as_u64().expect("version"));
    }
    let first_checks: Vec<f64> = versions
        .iter()
        .map(|version| app.state.store.checks_of(*version).expect("checks")[0].similarity)
        .collect();
    assert!(first_checks[0] > 0.0, "the shards found the corpus source: {first_checks:?}");

    // The corpus grows (written to the shards too), then two workers take the rescan.
    block_in_place(|| load_corpus_documents(&app, &["demo-en-03"]));
    let index_dir = dir.path().join("index");
    let _workers = [
        spawn_worker("service-test-1", &index_dir, &shards.url),
        spawn_worker("service-test-2", &index_dir, &shards.url),
    ];
    if let Some(proxy) = &restarted_proxy {
        block_in_place(|| proxy.run("stop"));
    }
    let answer = post_json(&router, "/api/rescans", &staff, json!({ "selection": "all" })).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
    let rescan = answer.body["id"].as_u64().expect("job id");
    if let Some(proxy) = &restarted_proxy {
        // The service and the workers find the queue gone for a while, then back.
        tokio::time::sleep(std::time::Duration::from_secs(3)).await;
        let job = get(&router, &format!("/api/jobs/{rescan}"), &staff).await;
        assert_eq!(job.body["state"], "running", "{}", job.text);
        block_in_place(|| proxy.run("start"));
    }
    let job = wait_for_job(&router, &staff, rescan).await;
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(job["progress"]["done"], 3);
    assert_eq!(job["progress"]["failed"], 0);
    // The queue's view of the job: every row done, and the workers that did it.
    let distributed = &job["distributed"];
    assert_eq!(distributed["queued"], 3, "{job}");
    assert_eq!(distributed["done"], 3, "{job}");
    let workers: Vec<&str> = distributed["workers"]
        .as_array()
        .expect("workers")
        .iter()
        .filter_map(|worker| worker["name"].as_str())
        .collect();
    assert!(workers.iter().any(|name| name.starts_with("service-test-")), "{job}");

    for (number, version) in versions.iter().enumerate() {
        let checks = app.state.store.checks_of(*version).expect("checks");
        assert_eq!(checks.len(), 2, "thesis {number}: its first check and one rescan check");
        if number < 2 {
            assert!(checks[1].similarity > checks[0].similarity, "thesis {number}: the new source counts");
        }
    }
    let row = block_in_place(|| {
        let mut client = postgres::Client::connect(&shards.url, postgres::NoTls).expect("connect");
        client
            .query_one(
                "SELECT count(*), count(*) FILTER (WHERE state = 'done' AND imported) \
                 FROM adal_rescan_item WHERE job = $1",
                &[&(rescan as i64)],
            )
            .expect("queue rows")
    });
    let (rows, imported): (i64, i64) = (row.get(0), row.get(1));
    assert_eq!((rows, imported), (3, 3), "one queue row per thesis, each imported once");

    if let Some(proxy) = &restarted_proxy {
        // An upload while the proxy is down: its check waits for the shards (the job stays
        // running) instead of failing, and finishes with the sources found once they are back.
        block_in_place(|| proxy.run("stop"));
        let student =
            create_user(&app, "Late student", Role::Student, Some("Science"), Some(supervisor.user.id), None);
        let auth = Auth::of(&student);
        let thesis = create_thesis(&router, &auth, "Late thesis", "en").await;
        let answer =
            upload(&router, &format!("/api/theses/{thesis}/versions"), &auth, "late.txt", &borrowed).await;
        assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
        let job = answer.body["job"].as_u64().expect("job id");
        tokio::time::sleep(std::time::Duration::from_secs(3)).await;
        let waiting = get(&router, &format!("/api/jobs/{job}"), &auth).await;
        assert_eq!(waiting.body["state"], "running", "{}", waiting.text);
        block_in_place(|| proxy.run("start"));
        let done = wait_for_job(&router, &auth, job).await;
        assert_eq!(done["state"], "done", "{done}");
        let version = done["version"].as_u64().expect("version");
        let checks = app.state.store.checks_of(version).expect("checks");
        assert_eq!(checks.len(), 1);
        assert!(checks[0].similarity > 0.0, "the shards found the sources after the outage");
    }
    block_in_place(|| app.shutdown());
}
