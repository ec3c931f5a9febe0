//! What the config file hands the app: the owner new actions get, and
//! whether deleting a stage asks first.

use super::*;

fn add_action(app: &mut App, text: &str) -> crate::model::Action {
    keys(app, "<Tab>jjn<Enter>");
    keys(app, text);
    keys(app, "<Enter>");
    app.map()
        .touchpoints()
        .flat_map(|(_, t)| t.actions.iter())
        .find(|a| a.text == text)
        .cloned()
        .expect("the action was added")
}

#[test]
fn a_new_action_gets_the_default_owner() {
    let mut app = example();
    app.set_default_owner(Some("Ana".to_owned()));
    assert_eq!(app.default_owner(), Some("Ana"));
    let added = add_action(&mut app, "Answer within one working day");
    assert_eq!(added.owner, "Ana");
}

#[test]
fn without_a_default_owner_a_new_action_has_none() {
    let mut app = example();
    app.set_default_owner(Some("  ".to_owned()));
    assert_eq!(app.default_owner(), None, "a blank owner is none");
    let added = add_action(&mut app, "Answer within one working day");
    assert_eq!(added.owner, "");
}

#[test]
fn deleting_a_stage_asks_first_unless_told_otherwise() {
    let mut app = example();
    assert!(app.asks_before_deleting_a_stage());
    app.set_ask_before_deleting_a_stage(false);
    assert!(!app.asks_before_deleting_a_stage());
}
