//! The order of a WebAssembly module's functions, chosen for brotli. The linker writes them in
//! the order it meets them; sorted by their type and then by their bytes, functions that begin
//! alike (the same parameters and locals, the same first instructions: the copies of one generic
//! function, the hooks of one kind) sit side by side, where a repeat is cheapest for the
//! compressor to refer back to. The order does nothing else: V8 compiles each function when it
//! is first called, wherever it is.
//!
//! wasm-opt moves the code (and renumbers every call and table entry) with
//! `--reorder-functions-by-name`; [`ranked`] gives it the names to sort by, each function's
//! rank, in a `name` section that the same run strips.

use crate::short_imports::{import_desc_end, read_uleb, write_name, write_uleb};

const IMPORT_SECTION: u8 = 2;
const FUNCTION_SECTION: u8 = 3;
const CODE_SECTION: u8 = 10;

/// `wasm` with a `name` section that names each of its own functions by its rank in the order
/// of their types and then their bodies' bytes (any `name` section it had is dropped).
pub fn ranked(wasm: &[u8]) -> Result<Vec<u8>, String> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a WebAssembly module".to_owned());
    }
    let mut out = wasm[..8].to_vec();
    let (mut imported, mut types, mut bodies) = (0, Vec::new(), Vec::new());
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, start) = read_uleb(wasm, at + 1)?;
        let end = start + size as usize;
        let body = wasm
            .get(start..end)
            .ok_or("a WebAssembly section runs past the end")?;
        match id {
            IMPORT_SECTION => imported = imported_functions(body)?,
            FUNCTION_SECTION => types = function_types(body)?,
            CODE_SECTION => bodies = function_bodies(body)?,
            _ => {}
        }
        if id != 0 || !is_name_section(body)? {
            out.extend_from_slice(&wasm[at..end]);
        }
        at = end;
    }
    if bodies.is_empty() || types.len() != bodies.len() {
        return Err("the WebAssembly module has no code, or not one body per function".to_owned());
    }
    let mut order: Vec<usize> = (0..bodies.len()).collect();
    order.sort_by_key(|&f| (types[f], bodies[f]));
    let mut rank = vec![0; bodies.len()];
    for (r, &f) in order.iter().enumerate() {
        rank[f] = r;
    }
    // Fixed-width ranks, so that sorting the names sorts the ranks.
    let width = bodies.len().to_string().len();
    let mut names = Vec::new();
    write_uleb(&mut names, bodies.len() as u64);
    for (f, r) in rank.iter().enumerate() {
        write_uleb(&mut names, (imported + f) as u64);
        write_name(&mut names, &format!("{r:0width$}"));
    }
    let mut section = Vec::new();
    write_name(&mut section, "name");
    section.push(1); // the function names subsection
    write_uleb(&mut section, names.len() as u64);
    section.extend_from_slice(&names);
    out.push(0);
    write_uleb(&mut out, section.len() as u64);
    out.extend_from_slice(&section);
    Ok(out)
}

fn is_name_section(body: &[u8]) -> Result<bool, String> {
    let (len, at) = read_uleb(body, 0)?;
    Ok(body.get(at..at + len as usize) == Some(b"name".as_slice()))
}

/// How many functions the module imports (they come before its own in the index space).
fn imported_functions(body: &[u8]) -> Result<usize, String> {
    let skip_name = |at: usize| -> Result<usize, String> {
        let (len, at) = read_uleb(body, at)?;
        Ok(at + len as usize)
    };
    let (count, mut at) = read_uleb(body, 0)?;
    let mut functions = 0;
    for _ in 0..count {
        at = skip_name(skip_name(at)?)?;
        functions += usize::from(body.get(at) == Some(&0));
        at = import_desc_end(body, at)?;
    }
    Ok(functions)
}

/// The type index of each of the module's own functions.
fn function_types(body: &[u8]) -> Result<Vec<u64>, String> {
    let (count, mut at) = read_uleb(body, 0)?;
    let mut types = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let (t, next) = read_uleb(body, at)?;
        types.push(t);
        at = next;
    }
    Ok(types)
}

/// Each function body of the code section, without its size.
fn function_bodies(body: &[u8]) -> Result<Vec<&[u8]>, String> {
    let (count, mut at) = read_uleb(body, 0)?;
    let mut bodies = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let (size, start) = read_uleb(body, at)?;
        at = start + size as usize;
        bodies.push(body.get(start..at).ok_or("a function runs past the end")?);
    }
    Ok(bodies)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module that imports one function and defines three, of the types and with the bodies
    /// given (type 0 is `() -> ()`, type 1 `(i32) -> ()`).
    fn module(types: [u8; 3], bodies: [&[u8]; 3]) -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend_from_slice(&[1, 8, 2, 0x60, 0, 0, 0x60, 1, 0x7f, 0]); // the type section
        let mut imports = Vec::new();
        write_uleb(&mut imports, 1);
        write_name(&mut imports, "env");
        write_name(&mut imports, "f");
        imports.extend_from_slice(&[0, 0]);
        m.push(IMPORT_SECTION);
        write_uleb(&mut m, imports.len() as u64);
        m.extend_from_slice(&imports);
        m.extend_from_slice(&[3, 4, 3]); // the function section
        m.extend_from_slice(&types);
        let mut code = vec![3];
        for b in bodies {
            write_uleb(&mut code, b.len() as u64);
            code.extend_from_slice(b);
        }
        m.push(CODE_SECTION);
        write_uleb(&mut m, code.len() as u64);
        m.extend_from_slice(&code);
        m
    }

    /// The (index, name) pairs of the `name` section [`ranked`] appended.
    fn names(wasm: &[u8]) -> Vec<(u64, String)> {
        let mut at = 8;
        let mut found = vec![];
        while at < wasm.len() {
            let (size, start) = read_uleb(wasm, at + 1).unwrap();
            let end = start + size as usize;
            if wasm[at] == 0 && is_name_section(&wasm[start..end]).unwrap() {
                let (len, mut p) = read_uleb(wasm, start).unwrap();
                p += len as usize + 1; // "name", subsection id
                let (_, p2) = read_uleb(wasm, p).unwrap();
                let (n, mut p) = read_uleb(wasm, p2).unwrap();
                for _ in 0..n {
                    let (idx, q) = read_uleb(wasm, p).unwrap();
                    let (len, q) = read_uleb(wasm, q).unwrap();
                    let name = String::from_utf8(wasm[q..q + len as usize].to_vec()).unwrap();
                    found.push((idx, name));
                    p = q + len as usize;
                }
            }
            at = end;
        }
        found
    }

    #[test]
    fn each_function_is_named_by_its_rank_after_the_imports() {
        let wasm = module(
            [0, 0, 0],
            [
                &[0, 0x41, 2, 0x1a, 0x0b],
                &[0, 0x0b],
                &[0, 0x41, 1, 0x1a, 0x0b],
            ],
        );
        let named = ranked(&wasm).unwrap();
        assert_eq!(&named[..wasm.len()], &wasm[..], "the module is unchanged");
        let by_bytes = [(1, "2"), (2, "0"), (3, "1")].map(|(i, n)| (i, n.to_owned()));
        assert_eq!(names(&named), by_bytes);
        // Named twice, it has one name section, the same.
        assert_eq!(ranked(&named).unwrap(), named);
    }

    #[test]
    fn functions_of_one_type_rank_together() {
        let wasm = module(
            [1, 0, 0],
            [&[0, 0x0b], &[1, 1, 0x7f, 0x0b], &[0, 0x01, 0x0b]],
        );
        let by_type = [(1, "2"), (2, "1"), (3, "0")].map(|(i, n)| (i, n.to_owned()));
        assert_eq!(names(&ranked(&wasm).unwrap()), by_type);
    }

    #[test]
    fn what_is_not_a_module_with_code_is_refused() {
        assert!(ranked(b"not wasm").is_err());
        assert!(ranked(b"\0asm\x01\0\0\0").is_err());
        let mut cut = module([0, 0, 0], [&[0, 0x0b], &[0, 0x0b], &[0, 0x0b]]);
        cut.truncate(cut.len() - 2);
        assert!(ranked(&cut).is_err());
    }
}
