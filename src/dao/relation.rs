//! The collections that map relationships (the course's "Mapping relationships"): a
//! cardinality-N side holds the related objects themselves, not their keys.
//!
//! Both directions are kept, as Python must keep them; but where Python's two sets of
//! objects point at each other freely, in Rust one direction holds the objects strongly
//! ([`ToMany`]) and the way back holds weak references ([`BackRefs`]), so that the pair
//! does not keep itself alive forever. The identity maps own the objects meanwhile.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere cannot leave a half-pushed Vec behind; its contents stay usable.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A set of related objects (`creators: set[Creator]`), filled after the owner is loaded.
pub struct ToMany<T> {
    items: Mutex<Vec<Arc<T>>>,
}

impl<T> Default for ToMany<T> {
    fn default() -> Self {
        ToMany {
            items: Mutex::new(Vec::new()),
        }
    }
}

impl<T: PartialEq> ToMany<T> {
    /// Adds `item` unless an equal one is there (set semantics); `true` if added.
    pub fn add(&self, item: Arc<T>) -> bool {
        let mut items = locked(&self.items);
        if items.iter().any(|i| **i == *item) {
            return false;
        }
        items.push(item);
        true
    }

    /// The related objects, in the order they were added.
    pub fn get(&self) -> Vec<Arc<T>> {
        locked(&self.items).clone()
    }

    /// How many objects are related: `add` keeps duplicates out, so each counts once.
    pub fn len(&self) -> usize {
        locked(&self.items).len()
    }

    /// Nothing related yet? Nothing is ever taken out, so once false it stays false.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T> fmt::Debug for ToMany<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ToMany({} objects)", locked(&self.items).len())
    }
}

/// The way back of a relationship (`city.students`, `creator.articles`): weak references
/// to objects that someone else (an identity map, a [`ToMany`]) keeps alive.
pub struct BackRefs<T> {
    items: Mutex<Vec<Weak<T>>>,
}

impl<T> Default for BackRefs<T> {
    fn default() -> Self {
        BackRefs {
            items: Mutex::new(Vec::new()),
        }
    }
}

impl<T: PartialEq> BackRefs<T> {
    /// Adds `item` unless an equal live one is there; `true` if added.
    pub fn add(&self, item: &Arc<T>) -> bool {
        let mut items = locked(&self.items);
        let present = items.iter().filter_map(Weak::upgrade).any(|i| *i == **item);
        if present {
            return false;
        }
        items.push(Arc::downgrade(item));
        true
    }

    /// The related objects still alive, in the order they were added.
    pub fn get(&self) -> Vec<Arc<T>> {
        locked(&self.items)
            .iter()
            .filter_map(Weak::upgrade)
            .collect()
    }

    /// How many are alive.
    pub fn len(&self) -> usize {
        self.get().len()
    }

    /// None alive?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T> fmt::Debug for BackRefs<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BackRefs({} objects)", locked(&self.items).len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_many_is_a_set_of_shared_objects() {
        let many: ToMany<i32> = ToMany::default();
        let one = Arc::new(1);
        assert!(many.add(Arc::clone(&one)));
        assert!(!many.add(Arc::new(1)));
        assert_eq!(many.len(), 1);
        assert!(many.get().first().is_some_and(|i| Arc::ptr_eq(i, &one)));
    }

    #[test]
    fn back_refs_do_not_keep_objects_alive() {
        let back: BackRefs<String> = BackRefs::default();
        let kept = Arc::new("kept".to_owned());
        let dropped = Arc::new("dropped".to_owned());
        assert!(back.add(&kept));
        assert!(back.add(&dropped));
        assert!(!back.add(&kept));
        drop(dropped);
        assert_eq!(back.get(), vec![kept]);
    }
}
