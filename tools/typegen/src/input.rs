//! The inputs' optional members as `?: T | undefined`. Which types are
//! inputs is said by the crate (`impl Input for …` in its
//! `src/typescript.rs`), not listed here: `is_input!` asks the type.

/// Whether a type implements the crate's `Input`, at compile time, for a
/// concrete type named in `declarations()` (autoref specialisation: the
/// method found first is `Input`'s when the bound holds, else the fallback
/// one autoref further). Rust has no stable specialisation; this keeps the
/// marker on the type, so no list here can disagree with it.
macro_rules! is_input {
    ($t:ty) => {{
        // One of the two is unused for each type: which one is the answer.
        #[allow(unused_imports)]
        use $crate::input::{IsInput, NotInput};
        (&$crate::input::Probe::<$t>(std::marker::PhantomData)).input()
    }};
}
pub(crate) use is_input;

/// The type asked about, by reference only.
pub(crate) struct Probe<T: ?Sized>(pub(crate) std::marker::PhantomData<T>);

/// Found first, when the type is an `Input`.
pub(crate) trait IsInput {
    fn input(&self) -> bool {
        true
    }
}
impl<T: vesicash_edge::typescript::Input> IsInput for Probe<T> {}

/// Found one autoref further, for every other type.
pub(crate) trait NotInput {
    fn input(&self) -> bool {
        false
    }
}
impl<T: ?Sized> NotInput for &Probe<T> {}

/// Adds `| undefined` to the type of every optional member (`name?: T`) of
/// the object types in `text`, a declaration as ts-rs writes it: members
/// end at a `,` or `;` or the object's `}` at their own depth; comments,
/// strings and parameter lists (`(x?: T) => …`) are left alone. A function
/// type is parenthesised first (`(() => void) | undefined`, not a function
/// returning `void | undefined`), and `?: undefined` stays as it is.
pub(crate) fn accept_undefined(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 64);
    // The brackets open at this point: only a member directly in `{` is one.
    let mut stack: Vec<u8> = Vec::new();
    // Where the type of the optional member being read starts in `out`, and the depth it is at.
    let mut member: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(rest.len(), |e| e + 2);
            out += &rest[..end];
            i += end;
            continue;
        }
        let c = b[i];
        if c == b'"' {
            let end = string_end(rest);
            out += &rest[..end];
            i += end;
            continue;
        }
        let ends_member = matches!(c, b',' | b';') || matches!(c, b'}' | b')' | b']' | b'>');
        if let Some((start, depth)) = member {
            if ends_member && stack.len() == depth && !(c == b'>' && out.ends_with('=')) {
                close(&mut out, start);
                member = None;
            }
        }
        match c {
            b'{' | b'(' | b'[' | b'<' => stack.push(c),
            // `=>` is an arrow, not a closing bracket.
            b'>' if out.ends_with('=') => {}
            b'}' | b')' | b']' | b'>' => {
                stack.pop();
            }
            _ => {}
        }
        if rest.starts_with("?: ") && stack.last() == Some(&b'{') && member.is_none() {
            out += "?: ";
            i += 3;
            member = Some((out.len(), stack.len()));
            continue;
        }
        // Whole characters: a byte of a multi-byte one is no place to cut `text`.
        let ch = rest.chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// The length of the string literal `rest` starts with, its quotes included
/// (a `\"` inside does not end it), or all of `rest` if it never ends.
fn string_end(rest: &str) -> usize {
    let mut escaped = false;
    for (k, ch) in rest.char_indices().skip(1) {
        match ch {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return k + 1,
            _ => escaped = false,
        }
    }
    rest.len()
}

/// Ends the member whose type starts at `start` in `out`.
fn close(out: &mut String, start: usize) {
    let ty = out[start..].trim_end().to_owned();
    if ty == "undefined" {
        return;
    }
    let ty = if ty.contains("=>") { format!("({ty})") } else { ty };
    let trailing = out[start..].len() - out[start..].trim_end().len();
    let space = out[out.len() - trailing..].to_owned();
    out.truncate(start);
    *out += &format!("{ty} | undefined{space}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_members_take_undefined() {
        // As ts-rs writes a struct, with a doc comment, a function and a generic.
        let raw = "type A = { \n/**\n * Its name, if any: a?: b.\n */\nname?: string, id: number, \
                   hook?: (event: E) => void, headers?: Record<string, string>, x?: undefined, };";
        assert_eq!(
            accept_undefined(raw),
            "type A = { \n/**\n * Its name, if any: a?: b.\n */\nname?: string | undefined, id: number, \
             hook?: ((event: E) => void) | undefined, headers?: Record<string, string> | undefined, x?: undefined, };"
        );
        // The last member before `}`, members of nested objects and unions, not parameters.
        assert_eq!(
            accept_undefined("type B = { a: string, n?: number } & ({ \"k\": \"x\", m?: string } | { f: (x?: number) => void });"),
            "type B = { a: string, n?: number | undefined } & ({ \"k\": \"x\", m?: string | undefined } | { f: (x?: number) => void });"
        );
    }

    #[test]
    fn strings_with_escapes_and_text_beyond_ascii() {
        assert_eq!(
            accept_undefined("type C = { k?: \"a\\\"b\", é?: \"…\", n?: number };"),
            "type C = { k?: \"a\\\"b\" | undefined, é?: \"…\" | undefined, n?: number | undefined };"
        );
    }

    #[test]
    fn inputs_are_told_by_the_crate() {
        assert!(is_input!(vesicash_edge::api::payments::InitializeParams));
        assert!(is_input!(vesicash_edge::typescript::JsVerifyOptions));
        assert!(!is_input!(vesicash_edge::api::payments::answer::Payment));
    }
}
