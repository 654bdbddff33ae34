//! How long validating a whole filing takes (run by `cargo xtask bench`).

use criterion::{criterion_group, criterion_main, Criterion};
use filing_core::catalog::Catalog;
use filing_core::regions::Regions;
use filing_core::{validate, Context, FilingInput};

fn typed_filing() -> FilingInput {
    FilingInput {
        device_type: "10".into(),
        serial_number: " ｎ９１０－０００１ ".into(),
        manufacturer: "newland".into(),
        model: "n910".into(),
        network_licence: "p3100".into(),
        merchant_type: "enterprise".into(),
        merchant_id: "898310058120001".into(),
        terminal_id: "１２３４５６７８".into(),
        merchant_name: " 上海某某餐饮（连锁）有限公司".into(),
        credit_code: "91350100m000100y43".into(),
        contact_name: "张三".into(),
        contact_mobile: "+86 138 0013 8000".into(),
        region: "310104".into(),
        address: "漕溪北路 88 号".into(),
        location: "31.2213451234,121.4835249".into(),
        device_ip: "114.114.114.114".into(),
        qr_code: "qr-sh-0001".into(),
        ..FilingInput::default()
    }
}

fn bench(c: &mut Criterion) {
    let regions = Regions::parse(include_str!("../../../static/data/regions.txt")).unwrap();
    let catalog: Catalog = serde_json::from_str(
        r#"{"manufacturers":[{"code":"NEWLAND","name":"新大陆","models":[
            {"code":"N910","name":"N910","network_licence":"P3100","device_types":["04","10"],"certified":true}]}]}"#,
    )
    .unwrap();
    let ctx = Context {
        regions: Some(&regions),
        catalog: Some(&catalog),
        ..Context::default()
    };
    let input = typed_filing();
    if let Err(e) = validate(&input, &ctx) {
        panic!("the benchmarked filing must be valid: {e:?}");
    }
    c.bench_function("validate_whole_filing", |b| {
        b.iter(|| validate(std::hint::black_box(&input), &ctx))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
