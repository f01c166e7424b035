//! A Rust Cloudflare Worker (workers-rs) using the `vesicash-edge` crate:
//!
//! - `POST /webhooks/vesicash`: verifies a Vesicash webhook with the crate's
//!   `worker` helper (secret from `VESICASH_WEBHOOK_SECRET`, several allowed
//!   comma-separated while rotating) → 200 `{reference, status, outcome}`,
//!   or 400 `{error: <code>}`.
//! - `GET /payments/:reference`: the payment's status through the crate's
//!   client over `worker::Fetch` (`vesicash_edge::worker::client`): retries,
//!   time limits and typed errors as in the npm package → JSON.
//!
//! Configuration: `VESICASH_BASE_URL` (var), `VESICASH_PUBLIC_KEY`,
//! `VESICASH_SECRET_KEY`, `VESICASH_WEBHOOK_SECRET` (secrets).
use serde_json::{json, Value};
use vesicash_edge::response::{Outcome, Payment};
use vesicash_edge::worker::{WorkerClock, WorkerTransport};
use vesicash_edge::{CallOptions, Config, Error as VesicashError, ErrorCode};
use worker::{event, Context, Env, Request, Response, Result, RouteContext, Router};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    Router::new()
        .post_async("/webhooks/vesicash", |req, ctx| async move { webhook(req, &ctx).await })
        .get_async("/payments/:reference", |_req, ctx| async move { payment_status(&ctx).await })
        .get_async("/countries", |_req, ctx| async move { countries(&ctx).await })
        .run(req, env)
        .await
}

/// A binding's value as a string (`[vars]` or a secret), if set.
fn binding(ctx: &RouteContext<()>, name: &str) -> Option<String> {
    ctx.env.secret(name).map(|s| s.to_string()).or_else(|_| ctx.env.var(name).map(|v| v.to_string())).ok().filter(|s| !s.is_empty())
}

fn json_response(status: u16, body: &Value) -> Result<Response> {
    Ok(Response::from_json(body)?.with_status(status))
}

fn outcome_str(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Paid => "paid",
        Outcome::Failed => "failed",
        Outcome::Pending => "pending",
    }
}

/// The payment as JSON: every field as Vesicash sent it.
fn payment_json(p: &Payment) -> Value {
    serde_json::to_value(p).unwrap_or(Value::Null)
}

async fn webhook(mut req: Request, ctx: &RouteContext<()>) -> Result<Response> {
    let Some(secrets) = binding(ctx, "VESICASH_WEBHOOK_SECRET") else {
        return json_response(500, &json!({ "error": "not_configured", "message": "set the VESICASH_WEBHOOK_SECRET secret" }));
    };
    let secrets: Vec<&str> = secrets.split(',').map(str::trim).collect();
    // Reads the raw body, checks signature and timestamp (clock: Date.now()), parses the event.
    match vesicash_edge::worker::verify_webhook(&mut req, &secrets[..]).await {
        Ok(event) => {
            // Deliveries can repeat and arrive out of order: make the effect of
            // an event idempotent (keyed by reference + status) before acting on it.
            json_response(
                200,
                &json!({
                    "received": true,
                    "event": event.event,
                    "reference": event.data.reference,
                    "status": event.data.status,
                    "outcome": outcome_str(event.outcome()),
                }),
            )
        }
        Err(e) => json_response(400, &json!({ "error": e.code() })),
    }
}

fn error_json(e: &VesicashError) -> (u16, Value) {
    let status = match e.code() {
        ErrorCode::Validation => 400,
        ErrorCode::NotFound => 404,
        _ => 502,
    };
    // The message never contains the secret key.
    let mut body = json!({ "error": e.code().as_str(), "message": e.to_string(), "retryable": e.retryable(), "attempts": e.attempts() });
    if let Some(field) = e.field() {
        body["field"] = field.into();
    }
    if let Some(upstream) = e.status() {
        body["upstream_status"] = upstream.into();
    }
    (status, body)
}

/// The Rust client over `worker::Fetch`, from the Worker's bindings; or the
/// response to give when they are missing or malformed.
fn client(ctx: &RouteContext<()>) -> std::result::Result<vesicash_edge::engine::Client<WorkerTransport, WorkerClock>, Result<Response>> {
    let (Some(public_key), Some(secret_key)) = (binding(ctx, "VESICASH_PUBLIC_KEY"), binding(ctx, "VESICASH_SECRET_KEY")) else {
        return Err(json_response(500, &json!({ "error": "not_configured", "message": "set VESICASH_PUBLIC_KEY and VESICASH_SECRET_KEY" })));
    };
    let config = Config::new(public_key, secret_key).and_then(|c| match binding(ctx, "VESICASH_BASE_URL") {
        Some(base_url) => c.with_base_url(&base_url),
        None => Ok(c),
    });
    config.map(vesicash_edge::worker::client).map_err(|e| {
        let (status, body) = error_json(&e);
        json_response(status, &body)
    })
}

/// The countries Vesicash serves, with the ids payouts take.
async fn countries(ctx: &RouteContext<()>) -> Result<Response> {
    let client = match client(ctx) {
        Ok(c) => c,
        Err(response) => return response,
    };
    match client.countries(&CallOptions::default(), &None).await {
        Ok(list) => json_response(
            200,
            &json!(list.iter().map(|c| json!({ "id": c.id, "country_code": c.country_code, "currency_code": c.currency_code })).collect::<Vec<_>>()),
        ),
        Err(e) => {
            let (status, body) = error_json(&e);
            json_response(status, &body)
        }
    }
}

async fn payment_status(ctx: &RouteContext<()>) -> Result<Response> {
    let reference = ctx.param("reference").cloned().unwrap_or_default();
    let client = match client(ctx) {
        Ok(c) => c,
        Err(response) => return response,
    };
    match client.get(&reference, &CallOptions::default(), &None).await {
        Ok(p) => json_response(
            200,
            &json!({
                "reference": p.reference,
                "status": p.status,
                "outcome": outcome_str(p.outcome()),
                "payment": payment_json(&p),
            }),
        ),
        Err(e) => {
            let (status, body) = error_json(&e);
            json_response(status, &body)
        }
    }
}
