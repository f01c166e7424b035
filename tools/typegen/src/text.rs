//! Text passes over what ts-rs writes: Rust links made plain, structs laid
//! out one field a line.

/// Rustdoc links (`[`x`]`, `[`x`](path)`) as plain code spans: a Rust path
/// is no help to a TypeScript reader.
pub(crate) fn unlink(text: &str) -> String {
    let mut out = text.replace("[`", "`");
    while let Some(at) = out.find("`](") {
        let Some(close) = out.get(at..).and_then(|rest| rest.find(')')) else { break };
        out.replace_range(at + 1..at + close + 1, "");
    }
    out.replace("`]", "`")
}

/// ts-rs writes a struct on one line with its fields' JSDoc inline; this
/// puts each field on its own indented line. Each object of a union or
/// intersection (a payout's `transfer_to` and country) is laid out so, the
/// `} & ({` and `} | {` between them kept.
pub(crate) fn layout(text: &str) -> String {
    if text.contains("} | {") || text.contains("} & (") {
        return objects(text);
    }
    let Some(open) = text.find("= { ") else {
        return text.to_owned();
    };
    let (head, body) = text.split_at(open + 2);
    let body = body.trim_start_matches("{ ").trim_end_matches(" };").trim_end_matches("};");
    format!("{head}{}}};", fields(body))
}

/// The members of an object's body as ts-rs writes it, one an indented
/// line: `{` and a line for each, without the closing `}`.
fn fields(body: &str) -> String {
    let mut out = "{\n".to_owned();
    for line in body.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        let comment = line.starts_with('*') || line.starts_with("/**");
        let line = line.strip_prefix("*").map_or(line.to_owned(), |rest| format!(" *{rest}"));
        // A field's `,` becomes `;`; a doc line's own comma stays.
        let line = if line.ends_with(',') && !comment { format!("{};", line.trim_end_matches(',')) } else { line };
        out += &format!("  {line}\n");
    }
    out
}

/// Every object outside comments laid out by `fields`; the text between
/// them as it was. Objects do not nest in what reaches here (ts-rs flattens
/// them); a `{` left unclosed leaves the rest as it was.
fn objects(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut rest = text;
    while let Some(open) = outside_comments(rest, '{') {
        let Some(len) = outside_comments(&rest[open..], '}') else { break };
        out += &rest[..open];
        out += &fields(rest[open + 1..open + len].trim_start());
        out += "}";
        rest = &rest[open + len + 1..];
    }
    out + rest
}

/// Where `c` first occurs in `text` outside `/** … */` comments.
fn outside_comments(text: &str, c: char) -> Option<usize> {
    let mut at = 0;
    loop {
        let rest = text.get(at..)?;
        let found = rest.find(c)?;
        match rest.find("/*") {
            Some(comment) if comment < found => at += comment + rest[comment..].find("*/")? + 2,
            _ => return Some(at + found),
        }
    }
}

/// The doc comment of an item as a JSDoc block; Rust links lose their brackets.
pub(crate) fn jsdoc(attrs: &[syn::Attribute], indent: &str) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|l| unlink(&l))
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let body: String = lines.iter().map(|l| format!("{indent} *{}\n", l.trim_end()).replace(" * \n", " *\n")).collect();
    format!("{indent}/**\n{body}{indent} */\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_code_spans() {
        assert_eq!(unlink("see [`Error::retryable`] and [`max`](super::VerifyOptions::max)."), "see `Error::retryable` and `max`.");
    }

    #[test]
    fn structs_one_field_a_line() {
        // As ts-rs writes a struct whose fields have doc comments.
        let raw = "export type A = { \n/**\n * The id,\n * a number.\n */\nid: number, \n/**\n * Its name.\n */\nname?: string, };";
        assert_eq!(
            layout(raw),
            "export type A = {\n  /**\n   * The id,\n   * a number.\n   */\n  id: number;\n  /**\n   * Its name.\n   */\n  name?: string;\n};"
        );
        // Each object of a union, docs with braces in them included.
        let union = "export type T = { \n/**\n * `{ x }`, x.\n */\na: string, } | { \"k\": \"b\", \nb?: string, };";
        assert_eq!(layout(union), "export type T = {\n  /**\n   * `{ x }`, x.\n   */\n  a: string;\n} | {\n  \"k\": \"b\";\n  b?: string;\n};");
    }
}
