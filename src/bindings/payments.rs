//! Bindings for the payment calls: request building and response parsing.

use super::throw;
use crate::config::Config;
use crate::payments::{self, InitializeParams, PayParams};
use crate::response;
use wasm_bindgen::prelude::*;

/// A configured client core: keys and base URL, validated once.
#[wasm_bindgen]
pub struct Core {
    config: Config,
}

#[wasm_bindgen]
impl Core {
    /// Validates the keys and base URL (`undefined` for the default).
    #[wasm_bindgen(constructor)]
    pub fn new(public_key: &str, secret_key: &str, base_url: Option<String>) -> Result<Core, JsValue> {
        let mut config = Config::new(public_key, secret_key).map_err(throw)?;
        if let Some(url) = base_url {
            config = config.with_base_url(&url).map_err(throw)?;
        }
        Ok(Core { config })
    }

    /// `POST /v1/payment/init` from JSON params; returns the request as JSON.
    pub fn initialize(&self, params_json: &str) -> Result<String, JsValue> {
        let params = InitializeParams::from_json(params_json).map_err(throw)?;
        payments::initialize(&self.config, &params).map(|r| r.to_json()).map_err(throw)
    }

    /// `POST /v1/payment/pay/:reference` from JSON params; returns the request as JSON.
    pub fn pay(&self, reference: &str, params_json: &str) -> Result<String, JsValue> {
        let params = PayParams::from_json(params_json).map_err(throw)?;
        payments::pay(&self.config, reference, &params).map(|r| r.to_json()).map_err(throw)
    }

    /// `GET /v1/payment/:reference`; returns the request as JSON.
    pub fn get(&self, reference: &str) -> Result<String, JsValue> {
        payments::get(&self.config, reference).map(|r| r.to_json()).map_err(throw)
    }
}

/// Checks an init/pay/status response; returns its `data` JSON text as received.
#[wasm_bindgen(js_name = parsePayment)]
pub fn parse_payment(status: u16, body: &[u8]) -> Result<String, JsValue> {
    response::payment_data(status, body).map(str::to_owned).map_err(throw)
}

/// Classifies a payment status string: `"paid"`, `"failed"` or `"pending"`.
#[wasm_bindgen]
pub fn outcome(status: &str) -> String {
    match response::outcome(status) {
        response::Outcome::Paid => "paid",
        response::Outcome::Failed => "failed",
        response::Outcome::Pending => "pending",
    }
    .into()
}
