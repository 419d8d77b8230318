//! The runner with real tasks and a real child process.

use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use super::*;

fn runner() -> (Runner, mpsc::UnboundedReceiver<UiEvent>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let dir = std::env::temp_dir().join("bblink-runner-test-progress.json");
    (Runner::new(tx, dir), rx)
}

/// Whether a process is gone (reaped, or a zombie that no longer runs).
fn gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_job_s_child_process_is_gone_within_100_ms() {
    let (mut runner, _rx) = runner();
    let (pid_tx, pid_rx) = tokio::sync::oneshot::channel();
    runner.spawn(JobId(1), move |_report| async move {
        let mut child = tokio::process::Command::new("sleep")
            .arg("30")
            .kill_on_drop(true)
            .spawn()
            .expect("sleep runs");
        let _ = pid_tx.send(child.id().expect("pid"));
        let _ = child.wait().await;
    });
    let pid = pid_rx.await.expect("the job started its child");
    assert!(!gone(pid), "sleep 30 is running");
    let start = Instant::now();
    runner.cancel(JobId(1));
    while !gone(pid) {
        assert!(
            start.elapsed() < Duration::from_millis(100),
            "sleep {pid} still runs {:?} after cancel",
            start.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    assert_eq!(runner.running(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_reports_several_events_tagged_with_its_id() {
    let (mut runner, mut rx) = runner();
    runner.spawn(JobId(7), |report| async move {
        report.send(JobEvent::Progress("one".into()));
        report.send(JobEvent::Progress("two".into()));
        report.send(JobEvent::ClipboardCleared);
    });
    let mut got = Vec::new();
    while got.len() < 3 {
        match rx.recv().await {
            Some(UiEvent::Msg(Msg::Job(job, event))) => got.push((job, event)),
            // Each report comes after the clock's reading.
            Some(UiEvent::Msg(Msg::Clock(now))) => assert!(now.ends_with(" UTC"), "{now}"),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(
        got,
        vec![
            (JobId(7), JobEvent::Progress("one".into())),
            (JobId(7), JobEvent::Progress("two".into())),
            (JobId(7), JobEvent::ClipboardCleared),
        ]
    );
    assert!(!got[0].1.is_final() && got[2].1.is_final());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quit_stops_every_job() {
    let (mut runner, mut rx) = runner();
    for n in 1..=3 {
        runner.spawn(JobId(n), |report| async move {
            tokio::time::sleep(Duration::from_secs(30)).await;
            report.send(JobEvent::ClipboardCleared);
        });
    }
    assert_eq!(runner.running(), 3);
    assert!(matches!(runner.run(Effect::Quit), Flow::Quit));
    assert_eq!(runner.running(), 0);
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(rx.try_recv().is_err(), "a stopped job reports nothing");
}
