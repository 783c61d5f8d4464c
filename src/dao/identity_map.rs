//! `IdentityMap<K, V>`: the identity-map pattern of the course — one map per table, keyed
//! by the primary key, holding the one object that stands for each row. A row loaded
//! twice comes back as the same object (`Arc::ptr_eq`, Python's `is`), and a DAO asks the
//! map before it queries.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

/// The objects of one table already loaded, by primary key (Python: a `dict`).
///
/// Values are shared (`Arc`), so every holder of an object sees the same one; the map
/// also counts how often a lookup found its object, so a front end can show the queries
/// it saved.
#[derive(Debug)]
pub struct IdentityMap<K, V> {
    objects: HashMap<K, Arc<V>>,
    hits: u64,
    misses: u64,
}

impl<K, V> Default for IdentityMap<K, V> {
    fn default() -> Self {
        IdentityMap {
            objects: HashMap::new(),
            hits: 0,
            misses: 0,
        }
    }
}

impl<K: Eq + Hash, V> IdentityMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The object for `key`, if loaded (`user_map.get(id)`); counts a hit or a miss.
    pub fn lookup(&mut self, key: &K) -> Option<Arc<V>> {
        let found = self.objects.get(key).cloned();
        if found.is_some() {
            self.hits += 1;
        } else {
            self.misses += 1;
        }
        found
    }

    /// The object for `key`, if loaded, without counting (`key in user_map`).
    pub fn get(&self, key: &K) -> Option<&Arc<V>> {
        self.objects.get(key)
    }

    /// Is an object for `key` loaded?
    pub fn contains(&self, key: &K) -> bool {
        self.objects.contains_key(key)
    }

    /// The object for `key`: the one already in the map, or the one `make` builds, which
    /// is stored for next time. The flag says whether `make` ran.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> (Arc<V>, bool) {
        if let Some(found) = self.lookup(&key) {
            return (found, false);
        }
        let object = Arc::new(make());
        self.objects.insert(key, Arc::clone(&object));
        (object, true)
    }

    /// Stores `value` as the object for `key` (replacing any other) and returns it shared.
    pub fn insert(&mut self, key: K, value: V) -> Arc<V> {
        let object = Arc::new(value);
        self.objects.insert(key, Arc::clone(&object));
        object
    }

    /// Replaces the object for `key` only if one is loaded: the map follows a write
    /// without filling itself with rows nobody has read.
    pub fn replace(&mut self, key: &K, value: V) -> Option<Arc<V>> {
        let slot = self.objects.get_mut(key)?;
        *slot = Arc::new(value);
        Some(Arc::clone(slot))
    }

    /// Forgets the object for `key` (after a delete).
    pub fn remove(&mut self, key: &K) -> Option<Arc<V>> {
        self.objects.remove(key)
    }

    /// How many objects are loaded.
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    /// Is nothing loaded?
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// Forgets every object (and the counts).
    pub fn clear(&mut self) {
        self.objects.clear();
        self.hits = 0;
        self.misses = 0;
    }

    /// Lookups that found their object (each one a query not sent, or an object not built).
    pub fn hits(&self) -> u64 {
        self.hits
    }

    /// Lookups that did not.
    pub fn misses(&self) -> u64 {
        self.misses
    }

    /// The loaded objects, in no particular order.
    pub fn values(&self) -> impl Iterator<Item = &Arc<V>> {
        self.objects.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_loaded_twice_is_the_same_object() {
        let mut map: IdentityMap<i64, String> = IdentityMap::new();
        let (first, made) = map.get_or_insert_with(1, || "Ada".to_owned());
        assert!(made);
        let (second, made_again) = map.get_or_insert_with(1, || "a different Ada".to_owned());
        assert!(!made_again);
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(*second, "Ada");
        assert_eq!((map.hits(), map.misses()), (1, 1));
    }

    #[test]
    fn replace_changes_only_objects_already_loaded() {
        let mut map: IdentityMap<i64, &str> = IdentityMap::new();
        assert!(map.replace(&7, "ghost").is_none());
        assert!(map.is_empty());
        let old = map.insert(7, "old");
        let new = map.replace(&7, "new");
        assert_eq!(new.as_deref(), Some(&"new"));
        assert_eq!(*old, "old");
        assert_eq!(map.len(), 1);
    }

    #[test]
    fn remove_forgets_and_clear_resets_counts() {
        let mut map: IdentityMap<i64, i64> = IdentityMap::new();
        map.insert(1, 10);
        assert!(map.lookup(&1).is_some());
        assert_eq!(map.remove(&1).as_deref(), Some(&10));
        assert!(map.lookup(&1).is_none());
        map.clear();
        assert_eq!((map.hits(), map.misses(), map.len()), (0, 0, 0));
    }
}
