//! Values worked out from the map for drawing and moving, kept until what
//! they were worked out from changes: a key that changes nothing asks for
//! them again and gets the same value at no cost. At 100,000 touchpoints
//! each walk over the map took longer than the rest of a key.

use std::cell::RefCell;
use std::rc::Rc;

/// One value and the key it was worked out for: the map's revision and
/// whatever else it depends on (a filter, the columns on screen).
pub struct Kept<K, V> {
    slot: RefCell<Option<(K, Rc<V>)>>,
}

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept {
            slot: RefCell::new(None),
        }
    }
}

impl<K: PartialEq, V> Kept<K, V> {
    /// The value for `key`: the one kept if it was worked out for `key`,
    /// else `make`'s, kept in its place. The old value is let go before the
    /// new one is made, so that the two are never held at once.
    pub fn get(&self, key: K, make: impl FnOnce() -> V) -> Rc<V> {
        if let Some((kept, value)) = self.slot.borrow().as_ref()
            && *kept == key
        {
            return value.clone();
        }
        *self.slot.borrow_mut() = None;
        let value = Rc::new(make());
        *self.slot.borrow_mut() = Some((key, value.clone()));
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_made_once_per_key_and_again_when_the_key_changes() {
        let kept: Kept<u64, String> = Kept::default();
        let made = std::cell::Cell::new(0);
        let make = |text: &str| {
            made.set(made.get() + 1);
            text.to_owned()
        };
        let first = kept.get(1, || make("one"));
        let again = kept.get(1, || make("not made"));
        assert!(Rc::ptr_eq(&first, &again));
        assert_eq!((*again).as_str(), "one");
        assert_eq!(kept.get(2, || make("two")).as_str(), "two");
        assert_eq!(kept.get(1, || make("one again")).as_str(), "one again");
        assert_eq!(made.get(), 3);
    }
}
