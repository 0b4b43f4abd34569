//! Property tests of the kinds other counties' packs use, over random plans run through the
//! public API with the packs in `rules/` (issue 15): each limit is worked out here from the
//! published figures in integer fen, independently of the engine.
#![cfg(feature = "toml")] // the counties' packs, read from TOML
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use fundcheck::{check_bytes, Options, Pack, Report, Severity};
use proptest::prelude::*;

fn load(name: &str) -> Pack {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    let read = |file: &str| std::fs::read_to_string(dir.join(file)).map_err(|e| e.to_string());
    Pack::from_toml(&text, &read).unwrap()
}

fn hengxian() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| load("hengxian-2016.toml"))
}

fn tonghe() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| load("tonghe-2018.toml"))
}

fn fen(n: u64) -> String {
    format!("{}.{:02}", n / 100, n % 100)
}

fn errors_of<'r>(report: &'r Report, rule: &str) -> Vec<&'r fundcheck::Finding> {
    report
        .findings
        .iter()
        .filter(|f| &*f.rule == rule && f.severity == Severity::Error)
        .collect()
}

proptest! {
    /// 横县: a station's subsidy fails exactly when it is above min(80% × investment rounded
    /// half away from zero to the fen, 50,000.00).
    #[test]
    fn a_station_fails_exactly_above_the_smaller_of_the_rate_and_the_cap(
        investment in 1u64..=20_000_000,
        amount in 1u64..=10_000_000,
    ) {
        let doc = format!(
            r#"{{"kind":"allocation","lines":[{{"project":"P","category":"town_stations","source":"central","amount":"{}","use":"x","upward":true,"unit":"S","investment":"{}"}}]}}"#,
            fen(amount),
            fen(investment)
        );
        let report = check_bytes(doc.as_bytes(), hengxian(), &Options::default()).unwrap();
        // 0.8 × fen, in tenths of a fen, rounded half up (all positive): (8n + 5) / 10.
        let by_rate = (investment * 8 + 5) / 10;
        let limit = by_rate.min(5_000_000);
        let failed = errors_of(&report, "budget.town_station_subsidy")
            .iter()
            .any(|f| f.path.to_string() == "/lines/0/amount");
        prop_assert_eq!(failed, amount > limit, "investment {} amount {} limit {}", investment, amount, limit);
    }

    /// 通河: the centre fails above 3,000,000.00, the group of centre and outlets above
    /// 5,000,000.00, and a group never passes while a child of it fails by more than its
    /// parent's room.
    #[test]
    fn nested_caps_fail_exactly_above_each_cap(
        centre in 1u64..=400_000_000,
        outlets in 1u64..=300_000_000,
    ) {
        let doc = format!(
            r#"{{"kind":"allocation","lines":[{{"project":"A","category":"public_service_center","source":"central","amount":"{}","use":"x","upward":false}},{{"project":"B","category":"village_outlets","source":"central","amount":"{}","use":"x","upward":true}}]}}"#,
            fen(centre),
            fen(outlets)
        );
        let report = check_bytes(doc.as_bytes(), tonghe(), &Options::default()).unwrap();
        let failed = |group: &str| {
            errors_of(&report, "budget.caps").iter().any(|f| {
                f.facts.iter().any(|(name, value)| name == "group" && value.display() == group)
            })
        };
        prop_assert_eq!(failed("public_service_center"), centre > 300_000_000);
        prop_assert_eq!(failed("village_outlets"), outlets > 200_000_000);
        prop_assert_eq!(failed("service_system"), centre + outlets > 500_000_000);
    }
}
