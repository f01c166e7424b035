//! `Client::refresh` (and the not-found grace of `wait_for_final`) over a
//! scripted transport and a discrete-event clock: every sleep and every
//! request's duration is a timer, and time jumps to the earliest one, so
//! concurrent workers interleave as they would on a real event loop, with no
//! real waiting. Beside `tests/engine.rs`, whose clock jumps at once (one
//! call at a time), because a batch's shared pause needs calls that overlap.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::pin::{pin, Pin};
use std::task::{Context, Poll, Waker};
use vesicash_edge::engine::refresh::{NOT_FOUND_GRACE_MS, NOT_FOUND_RETRY_MS};
use vesicash_edge::engine::{Clock, HttpResponse, RefreshItem, RefreshOptions, Transport, TransportError, WaitOptions};
use vesicash_edge::policy::{FailureKind, Sent};
use vesicash_edge::{CallOptions, Client, Config, ErrorCode, InitializeParams, PaymentMethod, Request};

const T0: f64 = 1_764_300_000_000.0;

/// What the scripted server does with one request for a reference.
#[derive(Clone, Debug)]
enum Step {
    Ok(&'static str),
    Status(u16),
    Limited(&'static str),
    Hang,
}

/// One request: (sent at, answered at, reference, status or none).
type Logged = (f64, f64, String, Option<u16>);

#[derive(Default)]
struct Sim {
    now: Cell<f64>,
    timers: RefCell<Vec<f64>>,
    abort_at: Cell<Option<f64>>,
    /// Per URL path tail (the reference), the answers in order; then 200 pending.
    script: RefCell<BTreeMap<String, VecDeque<Step>>>,
    log: RefCell<Vec<Logged>>,
    in_flight: Cell<u32>,
    most_in_flight: Cell<u32>,
}

impl Sim {
    fn new(script: &[(&str, &[Step])]) -> Sim {
        let sim = Sim::default();
        sim.now.set(T0);
        *sim.script.borrow_mut() = script.iter().map(|(r, s)| ((*r).to_owned(), s.iter().cloned().collect())).collect();
        sim
    }
    fn aborted(&self) -> bool {
        self.abort_at.get().is_some_and(|a| a <= self.now.get())
    }
    fn sleep(&self, ms: f64) -> SleepUntil<'_> {
        SleepUntil { sim: self, until: self.now.get() + ms }
    }
    /// Drives `f` to completion, jumping the clock to the earliest timer (bounded).
    fn run<F: Future>(&self, f: F) -> F::Output {
        let mut f = pin!(f);
        for _ in 0..100_000 {
            if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
                return v;
            }
            let mut next = self.timers.borrow_mut().drain(..).fold(f64::INFINITY, f64::min);
            if let Some(a) = self.abort_at.get() {
                next = next.min(a.max(self.now.get()));
            }
            assert!(next.is_finite(), "everything pends and no timer is set");
            self.now.set(self.now.get().max(next));
        }
        panic!("did not finish within 100 000 steps");
    }
    fn sent_for(&self, reference: &str) -> Vec<f64> {
        self.log.borrow().iter().filter(|l| l.2 == reference).map(|l| l.0).collect()
    }
}

/// Ready at `until` (Err at the abort time, if that comes first).
struct SleepUntil<'a> {
    sim: &'a Sim,
    until: f64,
}

impl Future for SleepUntil<'_> {
    type Output = Result<(), ()>;
    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), ()>> {
        if self.sim.aborted() {
            Poll::Ready(Err(()))
        } else if self.sim.now.get() >= self.until {
            Poll::Ready(Ok(()))
        } else {
            self.sim.timers.borrow_mut().push(self.until);
            Poll::Pending
        }
    }
}

struct Scripted<'a>(&'a Sim);

fn body(data: &str) -> Vec<u8> {
    format!(r#"{{"status":"success","code":200,"message":"success","data":{data}}}"#).into_bytes()
}

impl Transport for Scripted<'_> {
    type Signal = ();
    type Body = Vec<u8>;
    async fn send(&self, request: &Request, timeout_ms: u64, _: &()) -> Result<HttpResponse<Vec<u8>>, TransportError> {
        let sim = self.0;
        let reference = request.url.rsplit('/').next().unwrap_or_default().to_owned();
        let step = sim.script.borrow_mut().get_mut(&reference).and_then(VecDeque::pop_front).unwrap_or(Step::Ok("pending"));
        let start = sim.now.get();
        sim.in_flight.set(sim.in_flight.get() + 1);
        sim.most_in_flight.set(sim.most_in_flight.get().max(sim.in_flight.get()));
        // A 429 comes back sooner than a payment: the others are still in flight when it arrives.
        let took = match step {
            Step::Hang => f64::INFINITY,
            Step::Limited(_) => 30.0,
            _ => 50.0,
        };
        let slept = sim.sleep(took.min(timeout_ms as f64)).await;
        sim.in_flight.set(sim.in_flight.get() - 1);
        let status = match &step {
            Step::Ok(_) => Some(200),
            Step::Status(s) => Some(*s),
            Step::Limited(_) => Some(429),
            Step::Hang => None,
        };
        sim.log.borrow_mut().push((start, sim.now.get(), reference.clone(), status.filter(|_| slept.is_ok())));
        if slept.is_err() {
            return Err(TransportError::Aborted);
        }
        let reply = |status, body, retry_after: Option<&str>| {
            Ok(HttpResponse { status, retry_after: retry_after.map(Into::into), request_id: None, location: None, body })
        };
        match step {
            Step::Ok(status) => {
                // An init (path tail `init`) is answered about the reference it sent: the client
                // refuses an answer that is not about its request.
                let about = match request.body.as_deref().map(serde_json::from_str::<serde_json::Value>) {
                    Some(Ok(sent)) if reference == "init" => sent["reference"].as_str().unwrap_or_default().to_owned(),
                    _ => reference.clone(),
                };
                reply(200, body(&format!(r#"{{"reference":"{about}","status":"{status}","amount":1.3,"currency":"ZMW"}}"#)), None)
            }
            Step::Status(404) => {
                reply(404, format!(r#"{{"status":"error","code":404,"message":"payment not found: {reference}","data":null}}"#).into_bytes(), None)
            }
            Step::Status(s) => reply(s, format!(r#"{{"status":"error","code":{s},"message":"busy","data":null}}"#).into_bytes(), None),
            Step::Limited(after) => reply(429, br#"{"status":"error","message":"slow down"}"#.to_vec(), Some(after)),
            Step::Hang => Err(TransportError::Failed { kind: FailureKind::Timeout, sent: Sent::Maybe, detail: "TimeoutError".into() }),
        }
    }
}

struct Virtual<'a>(&'a Sim);

impl Clock<()> for Virtual<'_> {
    fn now_ms(&self) -> f64 {
        self.0.now.get()
    }
    async fn sleep(&self, ms: u64, _: &()) -> Result<(), ()> {
        self.0.sleep(ms as f64).await
    }
    fn aborted(&self, _: &()) -> bool {
        self.0.aborted()
    }
    fn fill_random(&self, buf: &mut [u8]) {
        buf.fill(0x5a);
    }
}

fn client(sim: &Sim) -> Client<Scripted<'_>, Virtual<'_>> {
    let config = Config::new("morPub_test_p", "morSec_test_s").unwrap().with_base_url("http://127.0.0.1:9").unwrap();
    Client::new(config, Scripted(sim), Virtual(sim))
}

fn items(references: &[&str]) -> Vec<RefreshItem> {
    references.iter().map(|r| RefreshItem { reference: (*r).into(), created_at_ms: None }).collect()
}

fn options(concurrency: u32, deadline_ms: u64) -> RefreshOptions {
    RefreshOptions { concurrency: Some(concurrency), deadline_ms: Some(deadline_ms) }
}

#[test]
fn one_result_per_reference_in_input_order_and_no_failure_stops_the_others() {
    let sim = Sim::new(&[
        ("PY_aaaaaaaaaa", &[Step::Ok("successful")]),
        ("PY_bbbbbbbbbb", &[Step::Status(404)]),
        ("PY_cccccccccc", &[Step::Status(503), Step::Status(502), Step::Ok("failed")]),
        ("PY_dddddddddd", &[Step::Status(401)]),
        ("PY_eeeeeeeeee", &[Step::Status(500), Step::Status(500), Step::Status(500)]),
        ("PY_ffffffffff", &[Step::Ok("pending")]),
    ]);
    let refs = ["PY_aaaaaaaaaa", "PY_bbbbbbbbbb", "PY_cccccccccc", "bad/ref", "PY_dddddddddd", "PY_eeeeeeeeee", "PY_ffffffffff"];
    let results = sim.run(client(&sim).refresh(&items(&refs), &options(2, 30_000), &())).unwrap();
    assert_eq!(results.len(), refs.len());
    let seen: Vec<String> = results
        .iter()
        .map(|r| match r {
            Ok(p) => format!("{} {}", p.reference, p.status),
            Err(e) => format!("{} {}", e.code().as_str(), e.retryable()),
        })
        .collect();
    assert_eq!(
        seen,
        [
            "PY_aaaaaaaaaa successful",
            "not_found false",
            "PY_cccccccccc failed",
            "validation_error false",
            "authentication_error false",
            "api_error true",
            "PY_ffffffffff pending",
        ]
    );
    assert_eq!(results[5].as_ref().unwrap_err().attempts(), 3, "the client's max_retries (2) apply per reference");
    assert_eq!(sim.most_in_flight.get(), 2, "never more than `concurrency` calls in flight");
    assert!(sim.sent_for("bad").is_empty(), "an invalid reference is never sent");
}

#[test]
fn a_429_with_retry_after_pauses_the_whole_batch() {
    let refs = ["PY_0000000001", "PY_0000000002", "PY_0000000003", "PY_0000000004", "PY_0000000005", "PY_0000000006"];
    let sim = Sim::new(&[("PY_0000000002", &[Step::Limited("2")])]);
    let results = sim.run(client(&sim).refresh(&items(&refs), &options(3, 30_000), &())).unwrap();
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let log = sim.log.borrow();
    let limited_at = log.iter().find(|l| l.3 == Some(429)).map(|l| l.1).unwrap();
    // Every request sent after the 429 arrived waited out its Retry-After, whichever worker sent it.
    let after: Vec<_> = log.iter().filter(|l| l.0 >= limited_at).collect();
    assert!(log.iter().any(|l| l.0 < limited_at && l.1 > limited_at), "calls were in flight when the 429 arrived: {log:?}");
    assert!(after.len() >= 4, "{log:?}");
    for l in &after {
        assert!(l.0 >= limited_at + 2_000.0, "{} was sent {} ms after the 429, inside its 2 s pause", l.2, l.0 - limited_at);
    }
    assert_eq!(sim.sent_for("PY_0000000002").len(), 2);
}

#[test]
fn a_retry_after_beyond_the_deadline_ends_what_is_left_as_rate_limited() {
    let refs = ["PY_0000000001", "PY_0000000002", "PY_0000000003", "PY_0000000004"];
    let sim = Sim::new(&[("PY_0000000001", &[Step::Limited("60")])]);
    let results = sim.run(client(&sim).refresh(&items(&refs), &options(1, 10_000), &())).unwrap();
    let e = results[0].as_ref().unwrap_err();
    assert_eq!((e.code(), e.retryable(), e.retry_after_ms()), (ErrorCode::RateLimited, true, Some(60_000)));
    // The others never hit Vesicash during the pause: the deadline ended them first.
    for r in &results[1..] {
        assert_eq!(r.as_ref().unwrap_err().code(), ErrorCode::Timeout);
    }
    assert_eq!(sim.log.borrow().len(), 1);
    assert!(sim.now.get() <= T0 + 10_000.0);
}

#[test]
fn one_deadline_for_the_whole_batch() {
    let refs = ["PY_0000000001", "PY_0000000002", "PY_0000000003", "PY_0000000004", "PY_0000000005"];
    let script: Vec<(&str, &[Step])> = refs.iter().map(|r| (*r, &[Step::Hang, Step::Hang, Step::Hang][..])).collect();
    let sim = Sim::new(&script);
    let results = sim.run(client(&sim).refresh(&items(&refs), &options(2, 15_000), &())).unwrap();
    assert!(sim.now.get() <= T0 + 15_000.0, "the batch outlived its deadline by {} ms", sim.now.get() - T0 - 15_000.0);
    for r in &results {
        let e = r.as_ref().unwrap_err();
        assert_eq!((e.code(), e.retryable()), (ErrorCode::Timeout, true), "{e}");
    }
    // The last references were never sent: the deadline had passed.
    assert!(sim.sent_for("PY_0000000005").is_empty());
}

#[test]
fn an_abort_ends_every_reference_at_once() {
    let refs = ["PY_0000000001", "PY_0000000002", "PY_0000000003"];
    let script: Vec<(&str, &[Step])> = refs.iter().map(|r| (*r, &[Step::Hang][..])).collect();
    let sim = Sim::new(&script);
    sim.abort_at.set(Some(T0 + 500.0));
    let results = sim.run(client(&sim).refresh(&items(&refs), &options(2, 30_000), &())).unwrap();
    assert_eq!(sim.now.get(), T0 + 500.0);
    for r in &results {
        assert_eq!(r.as_ref().unwrap_err().code(), ErrorCode::Aborted);
    }
}

#[test]
fn refresh_options_out_of_range_are_refused() {
    let sim = Sim::new(&[]);
    for (o, field) in [(options(0, 1_000), "concurrency"), (options(17, 1_000), "concurrency"), (options(1, 0), "deadline_ms")] {
        assert_eq!(sim.run(client(&sim).refresh(&items(&["PY_0000000001"]), &o, &())).unwrap_err().field(), Some(field));
    }
    let many: Vec<String> = (0..1_001).map(|i| format!("PY_{i:010}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_eq!(sim.run(client(&sim).refresh(&items(&many), &RefreshOptions::default(), &())).unwrap_err().field(), Some("references"));
    assert!(sim.log.borrow().is_empty());
}

#[test]
fn a_404_soon_after_creation_is_not_yet_visible_in_refresh() {
    let sim = Sim::new(&[
        ("PY_new0000001", &[Step::Status(404), Step::Status(404), Step::Ok("successful")]),
        ("PY_old0000001", &[Step::Status(404), Step::Ok("successful")]),
        ("PY_new0000002", &[Step::Status(404), Step::Status(404), Step::Status(404), Step::Status(404)]),
    ]);
    let list = vec![
        RefreshItem { reference: "PY_new0000001".into(), created_at_ms: Some(T0 - 5_000.0) },
        RefreshItem { reference: "PY_old0000001".into(), created_at_ms: Some(T0 - NOT_FOUND_GRACE_MS as f64) },
        RefreshItem { reference: "PY_new0000002".into(), created_at_ms: Some(T0) },
    ];
    let results = sim.run(client(&sim).refresh(&list, &options(3, 2_500), &())).unwrap();
    assert_eq!(results[0].as_ref().unwrap().status, "successful");
    let old = results[1].as_ref().unwrap_err();
    assert_eq!((old.code(), old.retryable()), (ErrorCode::NotFound, false), "past the grace, not_found is final");
    assert_eq!(sim.sent_for("PY_old0000001").len(), 1);
    // Still within the grace when the deadline came: not_found, but worth asking again.
    let young = results[2].as_ref().unwrap_err();
    assert_eq!((young.code(), young.retryable()), (ErrorCode::NotFound, true), "{young}");
    assert!(young.message().contains("not visible yet"), "{young}");
    let sent = sim.sent_for("PY_new0000002");
    assert!(sent.windows(2).all(|w| w[1] - w[0] >= NOT_FOUND_RETRY_MS as f64), "{sent:?}");
}

#[test]
fn wait_for_final_keeps_polling_through_a_404_within_the_grace_only() {
    let wait = WaitOptions { timeout_ms: Some(60_000), interval_ms: Some(1_000) };
    // Given created_at: the 404s within the grace do not end the wait.
    let sim = Sim::new(&[("PY_0000000001", &[Step::Status(404), Step::Status(404), Step::Ok("pending"), Step::Ok("successful")])]);
    let p = sim.run(client(&sim).wait_for_final_since("PY_0000000001", &wait, Some(T0), &())).unwrap();
    assert_eq!((p.status.as_str(), sim.log.borrow().len()), ("successful", 4));
    // Initialised by this client: the same, with no created_at given.
    let sim = Sim::new(&[("PY_0000000001", &[Step::Status(404), Step::Ok("successful")])]);
    let c = client(&sim);
    let init = InitializeParams {
        amount: "1.3".parse().unwrap(),
        currency: "ZMW".into(),
        country: "ZM".into(),
        narration: "rice".into(),
        method: PaymentMethod::MobileMoney,
        webhook_url: "https://shop.example/hooks".into(),
        redirect_url: "https://shop.example/done".into(),
        reference: Some("PY_0000000001".into()),
    };
    sim.run(c.initialize(&init, &CallOptions::default(), &())).unwrap();
    assert_eq!(sim.run(c.wait_for_final("PY_0000000001", &wait, &())).unwrap().status, "successful");
    // Neither: a 404 ends the wait at once, as before.
    let sim = Sim::new(&[("PY_0000000001", &[Step::Status(404), Step::Ok("successful")])]);
    let f = sim.run(client(&sim).wait_for_final("PY_0000000001", &wait, &())).unwrap_err();
    assert_eq!((f.error.code(), sim.log.borrow().len()), (ErrorCode::NotFound, 1));
    // Past the grace: a 404 ends it too.
    let sim = Sim::new(&[("PY_0000000001", &[Step::Status(404), Step::Ok("successful")])]);
    let old = Some(T0 - NOT_FOUND_GRACE_MS as f64 - 1.0);
    let f = sim.run(client(&sim).wait_for_final_since("PY_0000000001", &wait, old, &())).unwrap_err();
    assert_eq!(f.error.code(), ErrorCode::NotFound);
}
