//! The engine driven by a scripted transport and a virtual clock: no sockets,
//! no real sleeping. Each step of a script says what the "server" does with
//! one request and how long it takes; the clock jumps instead of waiting.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use vesicash_edge::engine::{Clock, Hooks, HttpResponse, RequestEvent, ResponseEvent, Transport, TransportError};
use vesicash_edge::policy::{FailureKind, Sent};
use vesicash_edge::{
    CallOptions, Client, ClientOptions, Config, ErrorCode, InitializeParams, ListFilters, PayParams, PaymentMethod, PayoutParams, RefundParams,
    Request, TransferTo,
};

const SECRET: &str = "morSec_test_NEVER_SHOWN";

/// What the scripted server does with one request.
#[derive(Clone)]
enum Step {
    Reply {
        status: u16,
        body: String,
        retry_after: Option<&'static str>,
        ms: f64,
    },
    Fail {
        kind: FailureKind,
        sent: Sent,
        ms: f64,
    },
    /// Never answers: the attempt's time limit ends it.
    Hang,
    /// Answers with a header of this request id.
    ReplyWithId {
        status: u16,
        body: String,
        request_id: String,
    },
    /// A redirect of this status to this `Location`.
    Redirect(u16, &'static str),
    /// A transport whose future never completes, ignoring its time limit
    /// and the signal: only the engine's own timer can end the attempt.
    Stall,
}

fn ok(data: &str) -> Step {
    Step::Reply { status: 200, body: format!(r#"{{"status":"success","code":200,"message":"success","data":{data}}}"#), retry_after: None, ms: 20.0 }
}
fn err(status: u16, message: &str) -> Step {
    Step::Reply { status, body: format!(r#"{{"status":"error","code":{status},"message":"{message}","data":null}}"#), retry_after: None, ms: 20.0 }
}
fn limited(retry_after: &'static str) -> Step {
    Step::Reply { status: 429, body: r#"{"status":"error","message":"slow down"}"#.into(), retry_after: Some(retry_after), ms: 5.0 }
}
fn fail(kind: FailureKind, sent: Sent) -> Step {
    Step::Fail { kind, sent, ms: 15.0 }
}
fn payment(reference: &str, status: &str, phone: &str) -> String {
    format!(r#"{{"reference":"{reference}","status":"{status}","amount":1.3,"currency":"ZMW","phone_number":"{phone}","brand_new":[1]}}"#)
}

/// The virtual world: time, the script, what was sent, when the caller aborts.
#[derive(Default)]
struct World {
    now: Cell<f64>,
    script: RefCell<Vec<Step>>,
    sent: RefCell<Vec<(f64, Request)>>,
    sleeps: RefCell<Vec<u64>>,
    abort_at: Cell<Option<f64>>,
    events: RefCell<Vec<String>>,
}

impl World {
    fn new(script: Vec<Step>) -> World {
        let w = World { script: RefCell::new(script), ..World::default() };
        w.now.set(1_764_300_000_000.0);
        w
    }
    /// Advances to `until`, or to the abort time if that comes first; true if aborted.
    fn advance(&self, until: f64) -> bool {
        match self.abort_at.get() {
            Some(at) if at <= until => {
                self.now.set(self.now.get().max(at));
                true
            }
            _ => {
                self.now.set(until);
                false
            }
        }
    }
    fn paths(&self) -> Vec<String> {
        self.sent.borrow().iter().map(|(_, r)| format!("{} {}", r.method.as_str(), &r.url[r.url.find("/v1").unwrap()..])).collect()
    }
}

struct Scripted<'a>(&'a World);

impl Transport for Scripted<'_> {
    type Signal = ();
    type Body = Vec<u8>;
    async fn send(&self, request: &Request, timeout_ms: u64, _: &()) -> Result<HttpResponse<Vec<u8>>, TransportError> {
        let w = self.0;
        let start = w.now.get();
        w.sent.borrow_mut().push((start, request.clone()));
        let step = if w.script.borrow().is_empty() { Step::Hang } else { w.script.borrow_mut().remove(0) };
        let took = match &step {
            Step::Reply { ms, .. } | Step::Fail { ms, .. } => *ms,
            Step::ReplyWithId { .. } | Step::Redirect(..) => 10.0,
            Step::Hang => f64::INFINITY,
            Step::Stall => return std::future::pending().await,
        };
        let limit = start + timeout_ms as f64;
        if w.advance((start + took).min(limit)) {
            return Err(TransportError::Aborted);
        }
        if took > timeout_ms as f64 {
            return Err(TransportError::Failed { kind: FailureKind::Timeout, sent: Sent::Maybe, detail: "TimeoutError".into() });
        }
        match step {
            Step::Reply { status, body, retry_after, .. } => Ok(HttpResponse {
                status,
                retry_after: retry_after.map(Into::into),
                request_id: Some("req_42".into()),
                location: None,
                body: body.into_bytes(),
            }),
            Step::Fail { kind, sent, .. } => Err(TransportError::Failed { kind, sent, detail: "scripted".into() }),
            Step::ReplyWithId { status, body, request_id } => {
                Ok(HttpResponse { status, retry_after: None, request_id: Some(request_id), location: None, body: body.into_bytes() })
            }
            Step::Redirect(status, location) => {
                Ok(HttpResponse { status, retry_after: None, request_id: None, location: Some(location.into()), body: Vec::new() })
            }
            Step::Hang | Step::Stall => unreachable!(),
        }
    }
}

struct Virtual<'a>(&'a World);

impl Clock<()> for Virtual<'_> {
    fn now_ms(&self) -> f64 {
        self.0.now.get()
    }
    async fn sleep(&self, ms: u64, _: &()) -> Result<(), ()> {
        self.0.sleeps.borrow_mut().push(ms);
        if self.0.advance(self.0.now.get() + ms as f64) {
            Err(())
        } else {
            Ok(())
        }
    }
    fn aborted(&self, _: &()) -> bool {
        self.0.abort_at.get().is_some_and(|at| at <= self.0.now.get())
    }
    fn fill_random(&self, buf: &mut [u8]) {
        buf.fill(0x5a); // jitter ≈ 0.35 of the ceiling; a fixed generated reference
    }
}

struct Recorder<'a>(&'a World);

impl Hooks for Recorder<'_> {
    fn on_request(&self, e: &RequestEvent<'_>) {
        self.0.events.borrow_mut().push(format!("request {} #{} {:?}", e.method, e.attempt, e.headers));
    }
    fn on_response(&self, e: &ResponseEvent<'_>) {
        self.0.events.borrow_mut().push(format!("response #{} {:?} {:?} {}ms", e.attempt, e.status, e.error, e.elapsed_ms));
    }
}

type TestClient<'a> = Client<Scripted<'a>, Virtual<'a>, Recorder<'a>>;

fn client(w: &World) -> TestClient<'_> {
    let config = Config::new("morPub_test_p", SECRET).unwrap().with_base_url("http://127.0.0.1:9").unwrap();
    Client::new(config, Scripted(w), Virtual(w)).with_hooks(Recorder(w))
}

/// Runs a future whose every await completes at once (the seams never pend).
fn run<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("a scripted seam pended"),
    }
}

fn rice(reference: Option<&str>) -> InitializeParams {
    InitializeParams {
        amount: "1.3".parse().unwrap(),
        currency: "ZMW".into(),
        country: "ZM".into(),
        narration: "payment for rice".into(),
        method: PaymentMethod::MobileMoney,
        webhook_url: "https://shop.example/hooks".into(),
        redirect_url: "https://shop.example/done".into(),
        reference: reference.map(Into::into),
    }
}

fn phone() -> PayParams {
    PayParams { phone_number: "260970000001".into(), ..Default::default() }
}

const NONE: CallOptions = CallOptions { timeout_ms: None, max_retries: None, deadline_ms: None };

#[test]
fn get_retries_5xx_with_jittered_backoff_then_succeeds() {
    let w = World::new(vec![err(503, "busy"), err(502, "bad gateway"), ok(&payment("PY_1", "pending", ""))]);
    let p = run(client(&w).get("PY_1", &NONE, &())).unwrap();
    assert_eq!(p.extra["brand_new"], serde_json::json!([1]), "unknown fields reach the caller");
    assert_eq!(w.paths(), ["GET /v1/payment/PY_1"; 3]);
    // Full jitter at 0x5a5a…/2^64 ≈ 0.353 of the ceilings 300 and 600 ms.
    assert_eq!(*w.sleeps.borrow(), [105, 211]);
    let events = w.events.borrow();
    assert_eq!(events.len(), 6);
    assert!(events[0].contains(r#"("secret-key", "[REDACTED]")"#) && events[0].contains(r#"("public-key", "[REDACTED]")"#), "{}", events[0]);
    assert!(events[1].contains(r#"Some(503) Some("api_error")"#), "{}", events[1]);
    assert!(events[5].contains("Some(200) None"), "{}", events[5]);
    assert!(!events.iter().any(|e| e.contains("NEVER_SHOWN")));
}

#[test]
fn get_gives_up_after_max_retries_with_a_retryable_error() {
    let w = World::new(vec![err(500, "x"), err(500, "x"), err(500, "x"), ok(&payment("PY_1", "pending", ""))]);
    let e = run(client(&w).get("PY_1", &NONE, &())).unwrap_err();
    assert_eq!((e.code(), e.attempts(), e.retryable(), e.status()), (ErrorCode::Api, 3, true, Some(500)));
    assert_eq!(e.request_id(), Some("req_42"));
    let w = World::new(vec![err(500, "x"), ok(&payment("PY_1", "pending", ""))]);
    let e = run(client(&w).get("PY_1", &CallOptions { max_retries: Some(0), ..NONE }, &())).unwrap_err();
    assert_eq!((e.code(), e.attempts()), (ErrorCode::Api, 1));
}

#[test]
fn client_errors_are_never_retried() {
    for (step, code) in [
        (err(404, "payment not found: PY_1"), ErrorCode::NotFound),
        (err(404, "route not found: GET /v1/x"), ErrorCode::RouteNotFound),
        (err(401, "invalid secret key"), ErrorCode::Authentication),
        (err(400, "bad"), ErrorCode::InvalidRequest),
    ] {
        let w = World::new(vec![step, ok(&payment("PY_1", "pending", ""))]);
        let e = run(client(&w).get("PY_1", &NONE, &())).unwrap_err();
        assert_eq!((e.code(), e.attempts(), e.retryable()), (code, 1, false));
        assert!(!e.message().contains("NEVER_SHOWN"));
    }
}

#[test]
fn retry_after_is_waited_for_or_ends_the_call_at_once() {
    let w = World::new(vec![limited("2"), ok(&payment("PY_1", "pending", ""))]);
    run(client(&w).get("PY_1", &NONE, &())).unwrap();
    assert_eq!(*w.sleeps.borrow(), [2000]);

    let w = World::new(vec![limited("3600"), ok(&payment("PY_1", "pending", ""))]);
    let e = run(client(&w).get("PY_1", &NONE, &())).unwrap_err();
    assert_eq!((e.code(), e.attempts(), e.retry_after_ms(), e.retryable()), (ErrorCode::RateLimited, 1, Some(3_600_000), true));
    assert!(w.sleeps.borrow().is_empty(), "never a silent hour-long sleep");

    // On the last attempt, 429 is rate_limited with the wait asked for.
    let w = World::new(vec![limited("1"), limited("1"), limited("1")]);
    let e = run(client(&w).get("PY_1", &NONE, &())).unwrap_err();
    assert_eq!((e.code(), e.attempts(), e.retry_after_ms()), (ErrorCode::RateLimited, 3, Some(1000)));
}

#[test]
fn a_silent_server_is_cut_off_per_attempt_and_by_the_deadline() {
    let w = World::new(vec![]);
    let start = w.now.get();
    let options = CallOptions { timeout_ms: Some(1000), max_retries: Some(5), deadline_ms: Some(2500) };
    let e = run(client(&w).get("PY_1", &options, &())).unwrap_err();
    let took = w.now.get() - start;
    assert_eq!(e.code(), ErrorCode::Timeout, "{e}");
    assert!(took <= 2500.0, "the call outlived its deadline: {took} ms");
    assert!(e.attempts() >= 2, "{}", e.attempts());
    // Every attempt got at most what was left of the deadline.
    let sent = w.sent.borrow();
    assert!(sent.iter().all(|(at, _)| *at - start < 2500.0));
}

#[test]
fn initialize_generates_one_reference_and_resolves_already_exists() {
    let reference = format!("vx_{}", "5a".repeat(16));
    let w = World::new(vec![
        fail(FailureKind::BodyCut, Sent::Maybe), // landed, but the answer was lost
        err(400, "payment reference already exists"),
        ok(&payment(&reference, "pending", "")),
    ]);
    let p = run(client(&w).initialize(&rice(None), &NONE, &())).unwrap();
    assert_eq!(p.reference, reference);
    assert_eq!(w.paths(), ["POST /v1/payment/init", "POST /v1/payment/init", &format!("GET /v1/payment/{reference}")]);
    let sent = w.sent.borrow();
    assert_eq!(sent[0].1.body, sent[1].1.body, "every attempt sends the same body");
    assert!(sent[0].1.body.as_deref().unwrap().contains(&format!(r#""reference":"{reference}""#)));
}

#[test]
fn initialize_refuses_a_payment_found_with_another_amount() {
    let w = World::new(vec![
        fail(FailureKind::Timeout, Sent::Maybe),
        err(400, "payment reference already exists"),
        ok(r#"{"reference":"order-000000001","status":"pending","amount":99.5,"currency":"ZMW"}"#),
    ]);
    let e = run(client(&w).initialize(&rice(Some("order-000000001")), &NONE, &())).unwrap_err();
    assert_eq!((e.code(), e.retryable(), e.reference()), (ErrorCode::PaymentMismatch, false, Some("order-000000001")));
    assert!(e.message().contains("amount is not 1.3"), "{e}");
}

#[test]
fn initialize_with_a_taken_reference_on_the_first_attempt_is_reference_exists() {
    let w = World::new(vec![err(400, "payment reference already exists"), ok(&payment("order-000000001", "pending", ""))]);
    let e = run(client(&w).initialize(&rice(Some("order-000000001")), &NONE, &())).unwrap_err();
    assert_eq!((e.code(), e.attempts(), e.retryable()), (ErrorCode::ReferenceExists, 1, false));
    assert_eq!(w.paths(), ["POST /v1/payment/init"], "nothing is read back: this call created nothing");
}

#[test]
fn a_failed_initialize_says_which_reference_to_retry_with() {
    let w = World::new(vec![err(503, "x"), err(503, "x"), err(503, "x")]);
    let e = run(client(&w).initialize(&rice(None), &NONE, &())).unwrap_err();
    assert_eq!((e.code(), e.retryable()), (ErrorCode::Api, true));
    assert_eq!(e.reference(), Some(format!("vx_{}", "5a".repeat(16)).as_str()));
}

#[test]
fn pay_is_never_re_sent_after_an_ambiguous_failure() {
    for first in [
        err(503, "x"),
        err(500, "x"),
        fail(FailureKind::Timeout, Sent::Maybe),
        fail(FailureKind::BodyCut, Sent::Maybe),
        fail(FailureKind::Connection, Sent::Maybe),
        Step::Hang,
    ] {
        // The read-back shows the prompt landed: the call succeeds without a second prompt.
        let w = World::new(vec![first.clone(), ok(&payment("PY_1", "pending", "260970000001"))]);
        let p = run(client(&w).pay("PY_1", &phone(), &CallOptions { timeout_ms: Some(1000), ..NONE }, &())).unwrap();
        assert_eq!(p.reference, "PY_1");
        assert_eq!(w.paths(), ["POST /v1/payment/pay/PY_1", "GET /v1/payment/PY_1"]);

        // It does not: outcome_unknown, not retryable, still one pay.
        let w = World::new(vec![first, ok(&payment("PY_1", "pending", ""))]);
        let e = run(client(&w).pay("PY_1", &phone(), &CallOptions { timeout_ms: Some(1000), ..NONE }, &())).unwrap_err();
        assert_eq!((e.code(), e.retryable(), e.attempts()), (ErrorCode::OutcomeUnknown, false, 2));
        assert!(e.message().contains("not re-sent") && e.message().contains("webhook"), "{e}");
        assert_eq!(w.paths(), ["POST /v1/payment/pay/PY_1", "GET /v1/payment/PY_1"]);
    }
}

#[test]
fn pay_is_re_sent_only_on_proof_it_was_not_processed() {
    let w = World::new(vec![limited("1"), fail(FailureKind::Connection, Sent::No), ok(&payment("PY_1", "pending", "260970000001"))]);
    run(client(&w).pay("PY_1", &phone(), &NONE, &())).unwrap();
    assert_eq!(w.paths(), ["POST /v1/payment/pay/PY_1"; 3]);
    let w = World::new(vec![fail(FailureKind::Connection, Sent::No); 3]);
    let e = run(client(&w).pay("PY_1", &phone(), &NONE, &())).unwrap_err();
    assert_eq!((e.code(), e.retryable(), e.attempts()), (ErrorCode::Connection, true, 3));
    let w = World::new(vec![err(400, "payment already in progress: the customer has already been prompted")]);
    assert_eq!(run(client(&w).pay("PY_1", &phone(), &NONE, &())).unwrap_err().code(), ErrorCode::PaymentInProgress);
    let w = World::new(vec![err(400, "payment is already successful")]);
    assert_eq!(run(client(&w).pay("PY_1", &phone(), &NONE, &())).unwrap_err().code(), ErrorCode::PaymentAlreadyFinal);
}

#[test]
fn an_abort_ends_the_call_at_once_in_flight_or_while_waiting() {
    // Mid-request: the server would answer after 20 s.
    let w = World::new(vec![]);
    let start = w.now.get();
    w.abort_at.set(Some(start + 150.0));
    let e = run(client(&w).get("PY_1", &NONE, &())).unwrap_err();
    assert_eq!((e.code(), w.now.get() - start, e.retryable()), (ErrorCode::Aborted, 150.0, true));

    // Mid-backoff: a 429 asks for 5 s; the caller gives up after 1 s.
    let w = World::new(vec![limited("5"), ok(&payment("PY_1", "pending", ""))]);
    let start = w.now.get();
    w.abort_at.set(Some(start + 1000.0));
    let e = run(client(&w).pay("PY_1", &phone(), &NONE, &())).unwrap_err();
    assert_eq!((e.code(), w.now.get() - start, e.attempts()), (ErrorCode::Aborted, 1000.0, 1));
    assert!(e.retryable(), "the only attempt was refused unprocessed (429)");
    assert_eq!(w.paths().len(), 1, "no attempt after the abort");

    // pay aborted in flight: may have prompted, so not retryable.
    let w = World::new(vec![]);
    w.abort_at.set(Some(w.now.get() + 10.0));
    let e = run(client(&w).pay("PY_1", &phone(), &NONE, &())).unwrap_err();
    assert_eq!((e.code(), e.retryable()), (ErrorCode::Aborted, false));
    assert!(e.message().contains("may have been sent"), "{e}");
}

#[test]
fn bad_options_and_params_send_nothing() {
    let w = World::new(vec![]);
    let c = client(&w);
    let e = run(c.get("PY_1", &CallOptions { timeout_ms: Some(0), ..NONE }, &())).unwrap_err();
    assert_eq!((e.code(), e.field(), e.attempts()), (ErrorCode::Validation, Some("timeout_ms"), 0));
    let e = run(c.pay("../x", &phone(), &NONE, &())).unwrap_err();
    assert_eq!(e.field(), Some("reference"));
    assert!(ClientOptions { max_retries: 11, ..ClientOptions::default() }.validate().is_err());
    assert!(w.sent.borrow().is_empty());
}

#[test]
fn unreadable_success_bodies_are_retried_for_reads() {
    let truncated = Step::Reply { status: 200, body: r#"{"status":"success","data":{"refer"#.into(), retry_after: None, ms: 5.0 };
    let html = Step::Reply { status: 502, body: "<html>bad gateway</html>".into(), retry_after: None, ms: 5.0 };
    let w = World::new(vec![truncated, html, ok(&payment("PY_1", "successful", ""))]);
    assert_eq!(run(client(&w).get("PY_1", &NONE, &())).unwrap().status, "successful");
    assert_eq!(w.paths().len(), 3);
}

use vesicash_edge::engine::WaitOptions;

#[test]
fn wait_for_final_polls_at_once_then_backs_off_to_the_cap() {
    let pending = || ok(&payment("PY_1", "pending", "260970000001"));
    let w = World::new(vec![pending(), pending(), err(503, "busy"), pending(), pending(), ok(&payment("PY_1", "failed", "260970000001"))]);
    let wait = WaitOptions { timeout_ms: Some(60_000), interval_ms: Some(3_000) };
    let p = run(client(&w).wait_for_final("PY_1", &wait, &())).unwrap();
    assert_eq!(p.status, "failed");
    // Poll waits 1 s, 2 s, then the 3 s cap; the 503 was retried inside its poll (105 ms).
    assert_eq!(*w.sleeps.borrow(), [1000, 2000, 105, 3000, 3000]);
    assert_eq!(w.paths().len(), 6);
}

#[test]
fn wait_for_final_times_out_with_the_last_payment_seen() {
    let w = World::new((0..100).map(|_| ok(&payment("PY_1", "pending", ""))).collect());
    let start = w.now.get();
    let wait = WaitOptions { timeout_ms: Some(10_000), interval_ms: None };
    let f = run(client(&w).wait_for_final("PY_1", &wait, &())).unwrap_err();
    assert_eq!((f.error.code(), f.error.retryable()), (ErrorCode::Timeout, true));
    assert_eq!(f.payment.unwrap().status, "pending");
    assert!(w.now.get() - start <= 10_000.0, "the wait outlived its deadline");
    assert!(f.error.message().contains("last status \"pending\""), "{}", f.error);
    assert_eq!(f.error.attempts() as usize, w.paths().len(), "attempts are the GETs sent");
}

#[test]
fn wait_for_final_ends_at_once_on_an_abort_or_a_lasting_error() {
    let w = World::new((0..100).map(|_| ok(&payment("PY_1", "pending", ""))).collect());
    w.abort_at.set(Some(w.now.get() + 2_500.0));
    let f = run(client(&w).wait_for_final("PY_1", &WaitOptions::default(), &())).unwrap_err();
    assert_eq!(f.error.code(), ErrorCode::Aborted);
    assert!(f.payment.is_some());
    let w = World::new(vec![err(404, "payment not found: PY_1")]);
    let f = run(client(&w).wait_for_final("PY_1", &WaitOptions::default(), &())).unwrap_err();
    assert_eq!((f.error.code(), w.paths().len()), (ErrorCode::NotFound, 1));
    assert!(WaitOptions::from_numbers(Some(0.0), None).is_err());
    assert!(WaitOptions::from_numbers(Some(1.5), None).is_err());
}

fn refund_params() -> RefundParams {
    RefundParams {
        payment_reference: "PY_1".into(),
        amount: "0.30".parse().unwrap(),
        reason: "damaged".into(),
        webhook_url: "https://shop.example/hooks".into(),
        country_id: None,
        transfer_to: None,
        momo_phone_number: None,
    }
}

#[test]
fn a_refund_is_never_re_sent_after_a_failure_that_may_have_been_processed() {
    for step in [err(503, "busy"), fail(FailureKind::Timeout, Sent::Maybe), fail(FailureKind::BodyCut, Sent::Maybe)] {
        let w = World::new(vec![step, ok(r#"{"status":"pending","reference":"RF_1"}"#)]);
        let e = run(client(&w).refund(&refund_params(), &NONE, &())).unwrap_err();
        assert_eq!((e.code(), e.retryable(), e.attempts()), (ErrorCode::OutcomeUnknown, false, 1));
        assert!(e.to_string().contains("refund.updated"), "{e}");
        assert_eq!(w.paths(), ["POST /v1/payment/refunds/process"], "sent once");
    }
}

#[test]
fn a_payout_is_re_sent_only_after_proof_it_was_not_processed() {
    let receipt = r#"{"status":"pending","reference":"PO_1","extra_field":true}"#;
    let w = World::new(vec![limited("1"), fail(FailureKind::Connection, Sent::No), ok(receipt)]);
    let params = PayoutParams {
        amount: "25".parse().unwrap(),
        country_id: 1,
        transfer_to: TransferTo::MobileMoney { phone_number: Some("260970000001".into()) },
        webhook_url: "https://shop.example/hooks".into(),
        narration: None,
    };
    let options = CallOptions { max_retries: Some(3), ..NONE };
    let r = run(client(&w).payout(&params, &options, &())).unwrap();
    assert_eq!((r.reference.as_str(), r.status.as_str(), &r.extra["extra_field"]), ("PO_1", "pending", &serde_json::json!(true)));
    assert_eq!(w.paths().len(), 3);
    let bad = PayoutParams { country_id: 0, ..params };
    let w = World::new(vec![]);
    assert_eq!(run(client(&w).payout(&bad, &NONE, &())).unwrap_err().field(), Some("countryId"));
    assert!(w.paths().is_empty(), "nothing sent");
}

#[test]
fn list_and_countries_are_reads_checked_for_their_shape() {
    let page = format!(r#"{{"items":[{}],"page":1,"limit":20,"total":1}}"#, payment("PY_1", "successful", ""));
    let w = World::new(vec![err(503, "busy"), ok(&page)]);
    let p = run(client(&w).list_payments(&ListFilters { limit: Some(20), ..Default::default() }, &NONE, &())).unwrap();
    assert_eq!((p.items.len(), p.items[0].reference.as_str(), p.total), (1, "PY_1", 1));
    assert_eq!(w.paths(), ["GET /v1/payment/?limit=20"; 2]);
    // A 200 whose data is not a page: unreadable, retried, then a typed error.
    let w = World::new(vec![ok(r#"{"items":[{"reference":"PY_1"}],"page":1,"limit":20,"total":1}"#), ok(r#"[]"#), ok(r#"{"items":"none"}"#)]);
    let e = run(client(&w).list_payments(&ListFilters::default(), &NONE, &())).unwrap_err();
    assert_eq!((e.code(), e.retryable(), e.attempts()), (ErrorCode::InvalidResponse, true, 3));
    assert!(e.to_string().contains("a page of payments"), "{e}");
    let w = World::new(vec![ok(r#"[{"id":1,"name":"Zambia","country_code":"ZM","currency_code":"ZMW"}]"#)]);
    let countries = run(client(&w).countries(&NONE, &())).unwrap();
    assert_eq!((countries[0].id, countries[0].country_code.as_str()), (1, "ZM"));
    let headers = &w.sent.borrow()[0].1.headers;
    assert_eq!(headers.iter().map(|h| h.0).collect::<Vec<_>>(), ["public-key"]);
}

#[test]
fn a_rotation_is_retried_and_an_empty_secret_refused() {
    let w = World::new(vec![fail(FailureKind::Timeout, Sent::Maybe), ok(r#"{"webhook_secret":"whsec_new"}"#)]);
    let s = run(client(&w).rotate_webhook_secret(&NONE, &())).unwrap();
    assert_eq!(s.webhook_secret, "whsec_new");
    assert!(!format!("{s:?}").contains("whsec_new"));
    assert_eq!(w.sent.borrow()[0].1.headers.iter().map(|h| h.0).collect::<Vec<_>>(), ["secret-key"]);
    let w = World::new(vec![ok(r#"{"webhook_secret":" "}"#)]);
    assert_eq!(run(client(&w).rotate_webhook_secret(&NONE, &())).unwrap_err().code(), ErrorCode::InvalidResponse);
}

#[test]
fn a_charge_validates_both_before_sending_and_names_the_payment_when_pay_fails() {
    let w = World::new(vec![]);
    let bad_phone = PayParams { phone_number: "12".into(), ..Default::default() };
    let e = run(client(&w).charge(&rice(None), &bad_phone, &NONE, &())).unwrap_err();
    assert_eq!(e.field(), Some("phone_number"));
    assert!(w.paths().is_empty(), "no orphan payment");
    let w = World::new(vec![ok(&payment("order-0000001", "pending", "")), ok(&payment("order-0000001", "pending", "260970000001"))]);
    let p = run(client(&w).charge(&rice(Some("order-0000001")), &phone(), &NONE, &())).unwrap();
    assert_eq!(p.reference, "order-0000001");
    assert_eq!(w.paths(), ["POST /v1/payment/init", "POST /v1/payment/pay/order-0000001"]);
    let w = World::new(vec![ok(&payment("order-0000001", "pending", "")), err(400, "payment already in progress")]);
    let e = run(client(&w).charge(&rice(Some("order-0000001")), &phone(), &NONE, &())).unwrap_err();
    assert_eq!((e.code(), e.reference(), e.retryable()), (ErrorCode::PaymentInProgress, Some("order-0000001"), false));
    assert!(e.to_string().starts_with("payment order-0000001 was initialised, but"), "{e}");
}

// ---- Trust nothing the network says (issue 17) ----

const OTHER: &str = "PY_someone_elses";

fn mine(status: &str, phone: &str) -> Step {
    ok(&payment("order-0000001", status, phone))
}
fn theirs(status: &str) -> Step {
    ok(&payment(OTHER, status, "260970000001"))
}

/// A refused answer names the field, never the other payment.
fn assert_refused(e: &vesicash_edge::Error) {
    assert_eq!(e.code(), ErrorCode::InvalidResponse, "{e}");
    assert!(e.message().contains("not about this request"), "{e}");
    assert!(!e.message().contains(OTHER), "{e}");
}

#[test]
fn an_initialise_answered_about_another_payment_or_amount_is_refused() {
    // Another reference on every attempt: refused, retried as unreadable, never resolved.
    let w = World::new(vec![theirs("pending"), theirs("pending"), theirs("pending")]);
    let e = run(client(&w).initialize(&rice(Some("order-0000001")), &NONE, &())).unwrap_err();
    assert_refused(&e);
    assert!(e.message().contains("data.reference"), "{e}");
    assert_eq!((e.attempts(), e.reference()), (3, Some("order-0000001")));
    // 999999.99 GHS for 1.30 ZMW.
    let big = r#"{"reference":"order-0000001","status":"pending","amount":999999.99,"currency":"GHS"}"#;
    let w = World::new(vec![ok(big), ok(big), ok(big)]);
    let e = run(client(&w).initialize(&rice(Some("order-0000001")), &NONE, &())).unwrap_err();
    assert_refused(&e);
    assert!(e.message().contains("data.amount"), "{e}");
    let other_currency = r#"{"reference":"order-0000001","status":"pending","amount":1.3,"currency":"GHS"}"#;
    let w = World::new(vec![ok(other_currency)]);
    let e = run(client(&w).initialize(&rice(Some("order-0000001")), &CallOptions { max_retries: Some(0), ..NONE }, &())).unwrap_err();
    assert!(e.message().contains("data.currency"), "{e}");
    // A mixed-up answer then the right one: the retry's answer (same reference) is taken.
    let w = World::new(vec![theirs("successful"), mine("pending", "")]);
    let p = run(client(&w).initialize(&rice(Some("order-0000001")), &NONE, &())).unwrap();
    assert_eq!((p.reference.as_str(), p.status.as_str()), ("order-0000001", "pending"));
    // The documented init answer (no amount, no currency) is accepted.
    let w = World::new(vec![ok(r#"{"payment_link":"","reference":"order-0000001","payment_id":"","status":"pending"}"#)]);
    run(client(&w).initialize(&rice(Some("order-0000001")), &NONE, &())).unwrap();
}

#[test]
fn a_pay_whose_read_back_names_another_paid_payment_is_outcome_unknown_never_success() {
    // The issue's reproduction: reset before processing, then a read-back about another, paid payment.
    let w = World::new(vec![fail(FailureKind::Connection, Sent::Maybe), theirs("successful"), theirs("successful"), theirs("successful")]);
    let e = run(client(&w).pay("order-0000001", &phone(), &NONE, &())).unwrap_err();
    assert_eq!((e.code(), e.retryable()), (ErrorCode::OutcomeUnknown, false), "{e}");
    assert!(e.message().contains("invalid_response"), "{e}");
    assert_eq!(w.paths().iter().filter(|p| p.starts_with("POST")).count(), 1, "pay sent once: {:?}", w.paths());
    // pay answered about another payment: ambiguous (it may have prompted), never re-sent.
    let w = World::new(vec![theirs("pending"), mine("pending", "")]);
    let e = run(client(&w).pay("order-0000001", &phone(), &NONE, &())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::OutcomeUnknown, "{e}");
    assert_eq!(w.paths(), ["POST /v1/payment/pay/order-0000001", "GET /v1/payment/order-0000001"]);
    // ... but a read-back of this payment showing the prompt landed settles it.
    let w = World::new(vec![theirs("pending"), mine("pending", "260970000001")]);
    let p = run(client(&w).pay("order-0000001", &phone(), &NONE, &())).unwrap();
    assert_eq!(p.reference, "order-0000001");
}

#[test]
fn get_wait_and_charge_refuse_answers_about_another_payment() {
    let w = World::new(vec![theirs("successful"), theirs("successful"), theirs("successful")]);
    let e = run(client(&w).get("order-0000001", &NONE, &())).unwrap_err();
    assert_refused(&e);
    assert_eq!((e.attempts(), e.retryable()), (3, true));
    // waitForFinal: a poll about another (final) payment is a failed poll, never the final state.
    let w = World::new(vec![theirs("successful"), mine("pending", ""), theirs("failed"), theirs("failed"), theirs("failed"), mine("successful", "")]);
    let p = run(client(&w).wait_for_final("order-0000001", &WaitOptions::default(), &())).unwrap();
    assert_eq!((p.reference.as_str(), p.status.as_str()), ("order-0000001", "successful"));
    assert_eq!(w.paths().len(), 6);
    // charge: init fine, pay answered about another payment, read-back shows no prompt: outcome_unknown.
    let w = World::new(vec![mine("pending", ""), theirs("successful"), mine("pending", "")]);
    let e = run(client(&w).charge(&rice(Some("order-0000001")), &phone(), &NONE, &())).unwrap_err();
    assert_eq!((e.code(), e.reference()), (ErrorCode::OutcomeUnknown, Some("order-0000001")), "{e}");
    // charge: init answered about another payment: refused, pay never sent.
    let w = World::new(vec![theirs("pending"), theirs("pending"), theirs("pending")]);
    let e = run(client(&w).charge(&rice(Some("order-0000001")), &phone(), &NONE, &())).unwrap_err();
    assert_refused(&e);
    assert!(!w.paths().iter().any(|p| p.contains("/pay/")), "{:?}", w.paths());
}

#[test]
fn a_refund_receipt_for_another_payment_is_refused() {
    let receipt = |payment: &str| ok(&format!(r#"{{"reference":"RF_1","status":"pending","payment_reference":"{payment}"}}"#));
    let w = World::new(vec![receipt("PY_1")]);
    run(client(&w).refund(&refund_params(), &NONE, &())).unwrap();
    // For another payment: ambiguous (it may have been queued), never re-sent.
    let w = World::new(vec![receipt(OTHER), receipt("PY_1")]);
    let e = run(client(&w).refund(&refund_params(), &NONE, &())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::OutcomeUnknown, "{e}");
    assert!(e.message().contains("not about this request") && !e.message().contains(OTHER), "{e}");
    assert_eq!(w.paths().len(), 1);
}

#[test]
fn a_redirect_on_any_call_is_never_followed() {
    const TO: &str = "http://evil.example:8/v1/payment/init?token=morSec_test_NEVER_SHOWN";
    let check = |e: &vesicash_edge::Error, w: &World| {
        assert!(!e.message().contains("token") && !e.message().contains("NEVER_SHOWN"), "{e}");
        assert!(w.sent.borrow().iter().all(|(_, r)| r.url.starts_with("http://127.0.0.1:9/")), "followed");
    };
    let redirected = |e: &vesicash_edge::Error| {
        assert_eq!((e.code(), e.status(), e.attempts(), e.retryable()), (ErrorCode::Redirected, Some(307), 1, false), "{e}");
        assert!(e.message().contains("host `evil.example:8`"), "{e}");
    };
    let w = World::new(vec![Step::Redirect(307, TO); 3]);
    let e = run(client(&w).get("PY_1", &NONE, &())).unwrap_err();
    redirected(&e);
    check(&e, &w);
    let w = World::new(vec![Step::Redirect(307, TO); 3]);
    let e = run(client(&w).initialize(&rice(Some("order-0000001")), &NONE, &())).unwrap_err();
    redirected(&e);
    check(&e, &w);
    let w = World::new(vec![Step::Redirect(307, TO); 3]);
    redirected(&run(client(&w).list_payments(&ListFilters::default(), &NONE, &())).unwrap_err());
    let w = World::new(vec![Step::Redirect(308, "/v1/countries")]);
    let e = run(client(&w).countries(&NONE, &())).unwrap_err();
    assert!(e.message().contains("a path on this same host"), "{e}");
    let w = World::new(vec![Step::Redirect(307, TO); 3]);
    assert_eq!(run(client(&w).rotate_webhook_secret(&NONE, &())).unwrap_err().code(), ErrorCode::Redirected);
    assert_eq!(w.paths().len(), 1);
    // pay: a redirect may follow processing: ambiguous, read back once, never re-sent.
    let w = World::new(vec![Step::Redirect(307, TO), mine("pending", "")]);
    let e = run(client(&w).pay("order-0000001", &phone(), &NONE, &())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::OutcomeUnknown, "{e}");
    assert!(e.message().contains("evil.example"), "{e}");
    check(&e, &w);
    assert_eq!(w.paths(), ["POST /v1/payment/pay/order-0000001", "GET /v1/payment/order-0000001"]);
    // A redirect to itself is not a loop: one request.
    let w = World::new(vec![Step::Redirect(307, "http://127.0.0.1:9/v1/payment/refunds/process"); 21]);
    let e = run(client(&w).refund(&refund_params(), &NONE, &())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::OutcomeUnknown, "{e}");
    assert_eq!(w.paths().len(), 1);
    let params = PayoutParams {
        amount: "25".parse().unwrap(),
        country_id: 1,
        transfer_to: TransferTo::MobileMoney { phone_number: Some("260970000001".into()) },
        webhook_url: "https://shop.example/hooks".into(),
        narration: None,
    };
    let w = World::new(vec![Step::Redirect(302, TO); 3]);
    assert_eq!(run(client(&w).payout(&params, &NONE, &())).unwrap_err().code(), ErrorCode::OutcomeUnknown);
    assert_eq!(w.paths().len(), 1);
    // A browser's opaque redirect (status 0, no Location).
    let w = World::new(vec![Step::Redirect(0, "")]);
    let e = run(client(&w).get("PY_1", &NONE, &())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Redirected, "{e}");
}

#[test]
fn a_transport_that_never_completes_still_ends_at_the_time_limit_deadline_and_abort() {
    let options = CallOptions { timeout_ms: Some(1000), max_retries: Some(5), deadline_ms: Some(2500) };
    let w = World::new(vec![Step::Stall; 10]);
    let start = w.now.get();
    let e = run(client(&w).get("PY_1", &options, &())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Timeout, "{e}");
    assert!(w.now.get() - start <= 2500.0, "outlived its deadline: {} ms", w.now.get() - start);
    assert!(e.attempts() >= 2);
    // pay: one attempt, then the read-back stalls too: outcome_unknown within the deadline.
    let w = World::new(vec![Step::Stall; 10]);
    let start = w.now.get();
    let e = run(client(&w).pay("order-0000001", &phone(), &options, &())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::OutcomeUnknown, "{e}");
    assert!(w.now.get() - start <= 2500.0);
    assert_eq!(w.paths().iter().filter(|p| p.starts_with("POST")).count(), 1);
    // The caller's abort ends a stalled attempt.
    let w = World::new(vec![Step::Stall; 10]);
    w.abort_at.set(Some(w.now.get() + 300.0));
    let e = run(client(&w).get("PY_1", &options, &())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Aborted, "{e}");
    assert_eq!(w.now.get(), w.abort_at.get().unwrap());
    // waitForFinal and charge too.
    let w = World::new(vec![Step::Stall; 100]);
    let wait = WaitOptions { timeout_ms: Some(5000), interval_ms: Some(1000) };
    let start = w.now.get();
    let f = run(client(&w).wait_for_final("PY_1", &wait, &())).unwrap_err();
    assert_eq!(f.error.code(), ErrorCode::Timeout, "{}", f.error);
    assert!(w.now.get() - start <= 5000.0);
    let w = World::new(vec![Step::Stall; 10]);
    w.abort_at.set(Some(w.now.get() + 300.0));
    let e = run(client(&w).charge(&rice(Some("order-0000001")), &phone(), &options, &())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Aborted, "{e}");
}

#[test]
fn echoed_keys_never_reach_an_error_and_values_are_never_quoted() {
    let echo = format!("invalid secret-key {SECRET} (public-key morPub_test_p)");
    let w = World::new(vec![Step::ReplyWithId {
        status: 401,
        body: format!(r#"{{"status":"error","message":"{echo}"}}"#),
        request_id: format!("req-{SECRET}-{}", "x".repeat(500)),
    }]);
    let e = run(client(&w).get("PY_1", &NONE, &())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Authentication);
    assert!(!e.message().contains("NEVER_SHOWN") && e.message().contains("[REDACTED]"), "{e}");
    let id = e.request_id().unwrap();
    assert!(!id.contains("NEVER_SHOWN") && id.chars().count() <= 201, "{id}");
    // A message cut with a key at the cut.
    let long = format!("{}{SECRET}", "a".repeat(190));
    let w = World::new(vec![err(400, &long)]);
    let e = run(client(&w).get("PY_1", &NONE, &())).unwrap_err();
    assert!(!e.message().contains("morSec_t"), "{e}");
    // Shape errors name the type that came, never the value.
    for data in [r#"{"reference":["whsec_LEAK"],"status":"pending"}"#, r#"{"reference":"PY_1","status":{"pin":"whsec_LEAK"}}"#] {
        let w = World::new(vec![ok(data), ok(data), ok(data)]);
        let e = run(client(&w).get("PY_1", &NONE, &())).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidResponse);
        assert!(!e.message().contains("whsec_LEAK"), "{e}");
        assert!(e.message().contains("must be a string, got an array") || e.message().contains("must be a string, got an object"), "{e}");
        assert!(e.message().contains("`reference`") || e.message().contains("`status`"), "{e}");
    }
}
