//! `pack::diff`: what two packs decide differently, by JSON pointer (`fundcheck pack diff`).
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use fundcheck::pack::{diff::diff, params};
use fundcheck::Pack;
use serde_json::Value;

#[test]
fn entries_are_compared_by_id_and_named_by_pointer() {
    let a = Pack::embedded().unwrap().file.clone();
    let key = "/rules/budget.public_center_cap/params/share".to_owned();
    let mut b = params::apply(&a, &[(key.clone(), Value::String("0.10".into()))]).unwrap();
    let removed = b.rules.remove(0).id;
    let d = diff(&a, &b);
    let at: Vec<&str> = d.iter().map(|x| x.at.as_str()).collect();
    assert_eq!(at, [key.as_str(), &format!("/rules/{removed}")]);
    assert_eq!(
        (d[0].a.clone(), d[0].b.clone()),
        (Some(Value::String("0.15".into())), Some(Value::String("0.10".into())))
    );
    assert_eq!(d[1].b, None);
    assert!(diff(&a, &a).is_empty());
}
