//! The client's calls beyond the payment flow, as JS sees them: params in as
//! JS objects, answers out as the objects `JSON.parse` made.

use super::client::{promise, read, reject, request_object, Client};
use crate::api::countries;
use crate::api::payments::list::{self, ListFilters};
use crate::api::payments::params::charge_from_members;
use crate::api::transfers::{self, PayoutParams, RefundParams};
use crate::api::{account, payments};
use crate::core::error::Error;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

fn filters(params: JsValue) -> Result<ListFilters, Error> {
    if params.is_undefined() || params.is_null() {
        return Ok(ListFilters::default());
    }
    ListFilters::from_members(read(params)?)
}

#[wasm_bindgen]
impl Client {
    /// `GET /v1/payment/`; resolves to `{ items, page, limit, total }`.
    #[wasm_bindgen(js_name = listPayments)]
    pub fn list_payments(&self, params: JsValue, options: JsValue) -> Promise {
        promise(&self.engine, move || filters(params), options, |e, f, c, s| async move { e.list_payments(&f, &c, &s).await })
    }

    /// `GET /v1/countries`; resolves to the list of countries.
    pub fn countries(&self, options: JsValue) -> Promise {
        promise(&self.engine, || Ok(()), options, |e, (), c, s| async move { e.countries(&c, &s).await })
    }

    /// `POST /v1/payment/refunds/process`; resolves to the receipt.
    pub fn refund(&self, params: JsValue, options: JsValue) -> Promise {
        promise(
            &self.engine,
            move || read(params).and_then(RefundParams::from_members),
            options,
            |e, p, c, s| async move { e.refund(&p, &c, &s).await },
        )
    }

    /// `POST /v1/payment/payouts/process`; resolves to the receipt.
    pub fn payout(&self, params: JsValue, options: JsValue) -> Promise {
        promise(
            &self.engine,
            move || read(params).and_then(PayoutParams::from_members),
            options,
            |e, p, c, s| async move { e.payout(&p, &c, &s).await },
        )
    }

    /// `POST /v1/account/generate-webhook-secret`; resolves to `{ webhook_secret }`.
    #[wasm_bindgen(js_name = rotateWebhookSecret)]
    pub fn rotate_webhook_secret(&self, options: JsValue) -> Promise {
        promise(&self.engine, || Ok(()), options, |e, (), c, s| async move { e.rotate_webhook_secret(&c, &s).await })
    }

    /// Initialise then pay, both validated first; resolves to the payment.
    pub fn charge(&self, params: JsValue, options: JsValue) -> Promise {
        promise(
            &self.engine,
            move || read(params).and_then(charge_from_members),
            options,
            |e, (i, p), c, s| async move { e.charge(&i, &p, &c, &s).await },
        )
    }

    /// The list request as `{method, url, headers, body}`.
    #[wasm_bindgen(js_name = buildListPayments)]
    pub fn build_list_payments(&self, params: JsValue) -> Result<JsValue, JsValue> {
        let filters = filters(params).map_err(reject)?;
        list::list(self.engine.config(), &filters).map(request_object).map_err(reject)
    }

    /// The countries request.
    #[wasm_bindgen(js_name = buildCountries)]
    pub fn build_countries(&self) -> JsValue {
        request_object(countries::countries(self.engine.config()))
    }

    /// The refund request.
    #[wasm_bindgen(js_name = buildRefund)]
    pub fn build_refund(&self, params: JsValue) -> Result<JsValue, JsValue> {
        let params = read(params).and_then(RefundParams::from_members).map_err(reject)?;
        transfers::refund(self.engine.config(), &params).map(request_object).map_err(reject)
    }

    /// The payout request.
    #[wasm_bindgen(js_name = buildPayout)]
    pub fn build_payout(&self, params: JsValue) -> Result<JsValue, JsValue> {
        let params = read(params).and_then(PayoutParams::from_members).map_err(reject)?;
        transfers::payout(self.engine.config(), &params).map(request_object).map_err(reject)
    }

    /// The webhook-secret rotation request.
    #[wasm_bindgen(js_name = buildRotateWebhookSecret)]
    pub fn build_rotate_webhook_secret(&self) -> JsValue {
        request_object(account::rotate_webhook_secret(self.engine.config()))
    }

    /// Both requests of a charge, `[initialize, pay]`, after validating both.
    /// Without `reference` in params the pay request cannot be built before
    /// Vesicash answers, so a reference is required here.
    #[wasm_bindgen(js_name = buildCharge)]
    pub fn build_charge(&self, params: JsValue) -> Result<JsValue, JsValue> {
        let (init, pay) = read(params).and_then(charge_from_members).map_err(reject)?;
        let reference = init.reference.clone().ok_or_else(|| reject(Error::validation("reference", "is required to build a charge's requests")))?;
        let config = self.engine.config();
        let pair = js_sys::Array::new();
        pair.push(&payments::initialize(config, &init).map(request_object).map_err(reject)?);
        pair.push(&payments::pay(config, &reference, &pay).map(request_object).map_err(reject)?);
        Ok(pair.into())
    }
}
