//! Short names for the functions the main WebAssembly module imports from wasm-bindgen's
//! JavaScript. wasm-bindgen names each `__wbg_<method>_<16 hex digits>`; the name is written
//! twice, in the module's import section and as a key of the JavaScript's imports object, and
//! the hex digits do not compress. Renaming both to `a`, `b`, … `aa`, … is a plain rename: the
//! module's code calls imports by index, and the JavaScript names each one only as that key,
//! which is checked here (a name found anywhere else stops the build).

/// The module name wasm-bindgen gives its own imports (`--out-name=main`).
const MODULE: &str = "./main_bg.js";

/// `wasm` and `js` with every import of [`MODULE`] renamed in both.
pub fn shorten(wasm: &[u8], js: &str) -> Result<(Vec<u8>, String), String> {
    let section = import_section(wasm)?;
    let imports = parse_imports(wasm, section.body.clone())?;
    let mut js = js.to_owned();
    let mut renamed = Vec::with_capacity(imports.len());
    let mut n = 0;
    for import in &imports {
        let field = if import.module == MODULE {
            let short = short_name(n);
            n += 1;
            js = rename_key(&js, &import.field, &short)?;
            short
        } else {
            import.field.clone()
        };
        renamed.push(Import {
            field,
            ..import.clone()
        });
    }
    let mut body = Vec::new();
    write_uleb(&mut body, imports.len() as u64);
    for import in &renamed {
        write_name(&mut body, &import.module);
        write_name(&mut body, &import.field);
        body.extend_from_slice(&wasm[import.desc.clone()]);
    }
    let mut out = wasm[..section.start].to_vec();
    out.push(IMPORT_SECTION);
    write_uleb(&mut out, body.len() as u64);
    out.extend_from_slice(&body);
    out.extend_from_slice(&wasm[section.body.end..]);
    Ok((out, js))
}

/// `a` … `z`, `A` … `Z`, then `aa`, `ab`, …: distinct for every `n`, and never `__proto__`
/// or another name an object literal treats specially.
fn short_name(mut n: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(ALPHABET[n % ALPHABET.len()]);
        n /= ALPHABET.len();
        if n == 0 {
            break;
        }
        n -= 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Renames the one occurrence of `name` in `js`, which must be an object key (`name:`).
fn rename_key(js: &str, name: &str, to: &str) -> Result<String, String> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let found: Vec<usize> = js
        .match_indices(name)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = js[..i].chars().next_back();
            let after = js[i + name.len()..].chars().next();
            !before.is_some_and(ident) && !after.is_some_and(ident)
        })
        .collect();
    let [at] = found[..] else {
        return Err(format!(
            "wasm-bindgen's module names the import {name} {} times, not once",
            found.len()
        ));
    };
    if !js[at + name.len()..].trim_start().starts_with(':') {
        return Err(format!(
            "wasm-bindgen's module names the import {name} other than as a key"
        ));
    }
    Ok(format!("{}{to}{}", &js[..at], &js[at + name.len()..]))
}

const IMPORT_SECTION: u8 = 2;

struct Section {
    /// Where the section's id byte is.
    start: usize,
    body: std::ops::Range<usize>,
}

#[derive(Clone)]
struct Import {
    module: String,
    field: String,
    /// The import's kind and type, copied as they are.
    desc: std::ops::Range<usize>,
}

fn import_section(wasm: &[u8]) -> Result<Section, String> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a WebAssembly module".to_owned());
    }
    let mut at = 8;
    while at < wasm.len() {
        let start = at;
        let id = wasm[at];
        let (size, body) = read_uleb(wasm, at + 1)?;
        let end = body + size as usize;
        if end > wasm.len() {
            return Err("a WebAssembly section runs past the end".to_owned());
        }
        if id == IMPORT_SECTION {
            return Ok(Section {
                start,
                body: body..end,
            });
        }
        at = end;
    }
    Err("the WebAssembly module imports nothing".to_owned())
}

fn parse_imports(wasm: &[u8], body: std::ops::Range<usize>) -> Result<Vec<Import>, String> {
    let (count, mut at) = read_uleb(wasm, body.start)?;
    let mut imports = Vec::new();
    for _ in 0..count {
        let (module, next) = read_name(wasm, at)?;
        let (field, next) = read_name(wasm, next)?;
        let end = import_desc_end(wasm, next)?;
        imports.push(Import {
            module,
            field,
            desc: next..end,
        });
        at = end;
    }
    if at != body.end {
        return Err("the import section has bytes after its imports".to_owned());
    }
    Ok(imports)
}

/// Where the description of an import ends, given where it starts (at its kind byte).
pub(crate) fn import_desc_end(wasm: &[u8], at: usize) -> Result<usize, String> {
    let limits = |at: usize| -> Result<usize, String> {
        let flags = *wasm.get(at).ok_or("limits run past the end")?;
        let (_, at) = read_uleb(wasm, at + 1)?;
        Ok(if flags & 1 == 1 {
            read_uleb(wasm, at)?.1
        } else {
            at
        })
    };
    match *wasm.get(at).ok_or("an import runs past the end")? {
        0 => Ok(read_uleb(wasm, at + 1)?.1), // function: a type index
        1 => limits(at + 2),                 // table: element type, limits
        2 => limits(at + 1),                 // memory: limits
        3 => Ok(at + 3),                     // global: value type, mutability
        4 => Ok(read_uleb(wasm, at + 2)?.1), // tag: attribute, type index
        other => Err(format!("an import of unknown kind {other}")),
    }
}

pub(crate) fn read_uleb(bytes: &[u8], mut at: usize) -> Result<(u64, usize), String> {
    let (mut value, mut shift) = (0u64, 0);
    loop {
        let byte = *bytes.get(at).ok_or("a number runs past the end")?;
        at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
        shift += 7;
        if shift > 63 {
            return Err("a number too long".to_owned());
        }
    }
}

fn read_name(bytes: &[u8], at: usize) -> Result<(String, usize), String> {
    let (len, at) = read_uleb(bytes, at)?;
    let end = at + len as usize;
    let text = bytes.get(at..end).ok_or("a name runs past the end")?;
    let text = std::str::from_utf8(text).map_err(|_| "a name that is not UTF-8")?;
    Ok((text.to_owned(), end))
}

pub(crate) fn write_uleb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

pub(crate) fn write_name(out: &mut Vec<u8>, name: &str) {
    write_uleb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with a type section, four imports (two functions from wasm-bindgen's module,
    /// one function and a memory from elsewhere) and a custom section after them.
    fn module(names: [&str; 2]) -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]); // type section: () -> ()
        let mut body = Vec::new();
        write_uleb(&mut body, 4);
        for (module, field, desc) in [
            (MODULE, names[0], &[0u8, 0][..]),
            ("./__wasm_split.js", "__wasm_split_load_form", &[0, 0]),
            (MODULE, names[1], &[0, 0]),
            ("env", "memory", &[2, 1, 17, 0x80, 0x01]),
        ] {
            write_name(&mut body, module);
            write_name(&mut body, field);
            body.extend_from_slice(desc);
        }
        m.push(IMPORT_SECTION);
        write_uleb(&mut m, body.len() as u64);
        m.extend_from_slice(&body);
        m.extend_from_slice(&[0, 4, 1, b'x', 9, 9]); // a custom section "x"
        m
    }

    fn fields(wasm: &[u8]) -> Vec<(String, String)> {
        let section = import_section(wasm).unwrap();
        parse_imports(wasm, section.body)
            .unwrap()
            .into_iter()
            .map(|i| (i.module, i.field))
            .collect()
    }

    #[test]
    fn both_sides_are_renamed_and_nothing_else_changes() {
        let long = ["__wbg_keys_105f5c0857898f84", "__wbg_then_656f253a5dd7d8ea"];
        let js = "const i = { __wbg_keys_105f5c0857898f84: function(a) { return Object.keys(a) },\n  __wbg_then_656f253a5dd7d8ea :(a, b) => a.then(b) };";
        let (wasm, js) = shorten(&module(long), js).unwrap();
        assert_eq!(wasm, module(["a", "b"]), "the module, byte for byte");
        assert_eq!(
            js,
            "const i = { a: function(a) { return Object.keys(a) },\n  b :(a, b) => a.then(b) };"
        );
        assert_eq!(fields(&wasm)[1].1, "__wasm_split_load_form");
        assert_eq!(fields(&wasm)[3], ("env".to_owned(), "memory".to_owned()));
    }

    #[test]
    fn a_name_the_javascript_uses_other_than_as_a_key_stops_the_build() {
        let long = ["__wbg_keys_1", "__wbg_then_2"];
        let twice = "{ __wbg_keys_1: f, __wbg_then_2: g }; x.__wbg_keys_1();";
        assert!(shorten(&module(long), twice).is_err());
        let missing = "{ __wbg_keys_1: f }";
        assert!(shorten(&module(long), missing).is_err());
        let not_a_key = "{ __wbg_keys_1: f, g(__wbg_then_2) }";
        assert!(shorten(&module(long), not_a_key).is_err());
        // A longer name that merely starts with the import's is not it.
        let longer = "{ __wbg_keys_1: f, __wbg_then_2: g, __wbg_keys_10: h }";
        let (_, js) = shorten(&module(long), longer).unwrap();
        assert_eq!(js, "{ a: f, b: g, __wbg_keys_10: h }");
    }

    #[test]
    fn short_names_are_distinct() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        let unique: std::collections::BTreeSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        assert_eq!((names[0].as_str(), names[51].as_str()), ("a", "Z"));
        assert_eq!((names[52].as_str(), names[53].as_str()), ("aa", "ab"));
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_alphabetic())));
    }
}
