//! `RowStore`: many rows kept compactly (a few bytes of overhead per cell, in 1 MiB chunks),
//! so a grid can hold a million fetched rows in about the size of their text. Rows come
//! back as [`Cell`]s, losslessly, when a screen needs them.

use crate::db::{Cell, RawRow};

const CHUNK: usize = 1 << 20;

const NULL: u8 = 0;
const BYTES: u8 = 1;
const TEXT: u8 = 2;
const INT: u8 = 3;
const UINT: u8 = 4;
const FLOAT: u8 = 5;
const DOUBLE: u8 = 6;
const DATE: u8 = 7;
const TIME: u8 = 8;

/// Compact rows (see the module documentation).
#[derive(Debug, Default, Clone)]
pub struct RowStore {
    chunks: Vec<Vec<u8>>,
    /// (chunk, offset) of each row.
    rows: Vec<(u32, u32)>,
}

fn put_len(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn len_len(mut n: usize) -> usize {
    let mut bytes = 1;
    while n >= 0x80 {
        n >>= 7;
        bytes += 1;
    }
    bytes
}

/// What `encode_cell` writes for `cell`, in bytes.
fn encoded_len(cell: &Cell) -> usize {
    1 + match cell {
        Cell::Null => 0,
        Cell::Bytes(b) => len_len(b.len()) + b.len(),
        Cell::Text(s) => len_len(s.len()) + s.len(),
        Cell::Int(_) | Cell::UInt(_) | Cell::Double(_) => 8,
        Cell::Float(_) => 4,
        Cell::Date(..) => 2 + 5 + 4,
        Cell::Time(..) => 1 + 4 + 3 + 4,
    }
}

fn encode_cell(out: &mut Vec<u8>, cell: &Cell) {
    match cell {
        Cell::Null => out.push(NULL),
        Cell::Bytes(b) => {
            out.push(BYTES);
            put_len(out, b.len());
            out.extend_from_slice(b);
        }
        Cell::Text(s) => {
            out.push(TEXT);
            put_len(out, s.len());
            out.extend_from_slice(s.as_bytes());
        }
        Cell::Int(i) => {
            out.push(INT);
            out.extend_from_slice(&i.to_le_bytes());
        }
        Cell::UInt(u) => {
            out.push(UINT);
            out.extend_from_slice(&u.to_le_bytes());
        }
        Cell::Float(f) => {
            out.push(FLOAT);
            out.extend_from_slice(&f.to_le_bytes());
        }
        Cell::Double(d) => {
            out.push(DOUBLE);
            out.extend_from_slice(&d.to_le_bytes());
        }
        Cell::Date(y, mo, d, h, mi, s, us) => {
            out.push(DATE);
            out.extend_from_slice(&y.to_le_bytes());
            out.extend_from_slice(&[*mo, *d, *h, *mi, *s]);
            out.extend_from_slice(&us.to_le_bytes());
        }
        Cell::Time(neg, days, h, m, s, us) => {
            out.push(TIME);
            out.push(u8::from(*neg));
            out.extend_from_slice(&days.to_le_bytes());
            out.extend_from_slice(&[*h, *m, *s]);
            out.extend_from_slice(&us.to_le_bytes());
        }
    }
}

/// Text cut at a byte limit, without a broken character at the end.
fn text_prefix(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            String::from_utf8_lossy(bytes.get(..valid).unwrap_or_default()).into_owned()
        }
    }
}

/// Reads values back; a truncated buffer (impossible for what `encode_cell` wrote)
/// yields `Null` rather than a panic.
struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> &[u8] {
        let end = (self.pos + n).min(self.buf.len());
        let slice = &self.buf[self.pos..end];
        self.pos = end;
        slice
    }

    fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let got = self.take(N);
        out[..got.len()].copy_from_slice(got);
        out
    }

    fn len(&mut self) -> usize {
        let mut n = 0usize;
        let mut shift = 0;
        while let Some(&b) = self.buf.get(self.pos) {
            self.pos += 1;
            n |= usize::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        n
    }

    /// The next cell, a byte or text string cut to its first `max` bytes; with the
    /// string's full length when it was cut.
    fn cell(&mut self, max: usize) -> (Cell, Option<usize>) {
        let [tag] = self.array::<1>();
        match tag {
            BYTES | TEXT => {
                let n = self.len();
                let kept = n.min(max);
                let mut bytes = self.take(kept).to_vec();
                self.pos = (self.pos + (n - kept)).min(self.buf.len());
                let full = (kept < n).then_some(n);
                // Text from a server arrives as bytes: a cut inside a character would make
                // the head invalid UTF-8 and show a text cell as hex. Only a character cut
                // at the end is dropped; binary data keeps every byte it had before.
                if full.is_some()
                    && let Err(e) = std::str::from_utf8(&bytes)
                    && e.error_len().is_none()
                {
                    bytes.truncate(e.valid_up_to());
                }
                let cell = if tag == BYTES {
                    Cell::Bytes(bytes)
                } else {
                    Cell::Text(text_prefix(bytes))
                };
                (cell, full)
            }
            _ => (self.fixed(tag), None),
        }
    }

    fn fixed(&mut self, tag: u8) -> Cell {
        match tag {
            INT => Cell::Int(i64::from_le_bytes(self.array())),
            UINT => Cell::UInt(u64::from_le_bytes(self.array())),
            FLOAT => Cell::Float(f32::from_le_bytes(self.array())),
            DOUBLE => Cell::Double(f64::from_le_bytes(self.array())),
            DATE => {
                let y = u16::from_le_bytes(self.array());
                let [mo, d, h, mi, s] = self.array::<5>();
                Cell::Date(y, mo, d, h, mi, s, u32::from_le_bytes(self.array()))
            }
            TIME => {
                let [neg] = self.array::<1>();
                let days = u32::from_le_bytes(self.array());
                let [h, m, s] = self.array::<3>();
                Cell::Time(neg != 0, days, h, m, s, u32::from_le_bytes(self.array()))
            }
            _ => Cell::Null,
        }
    }
}

impl RowStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Appends a row. Cells are encoded straight into the chunk: a 100 MB cell costs its
    /// size once, not again in a scratch buffer.
    pub fn push(&mut self, row: &[Cell]) {
        let size: usize = row.iter().map(encoded_len).sum();
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.len() + size <= c.capacity());
        if !fits {
            self.chunks.push(Vec::with_capacity(CHUNK.max(size)));
        }
        let index = self.chunks.len() - 1;
        if let Some(chunk) = self.chunks.last_mut() {
            let offset = chunk.len();
            for cell in row {
                encode_cell(chunk, cell);
            }
            self.rows.push((index as u32, offset as u32));
        }
    }

    /// Row `i` (with `columns` cells), if it exists.
    pub fn get(&self, i: usize, columns: usize) -> Option<RawRow> {
        let cells = self.get_clipped(i, columns, usize::MAX)?;
        Some(cells.into_iter().map(|(cell, _)| cell).collect())
    }

    /// Row `i` for display: byte and text strings cut to their first `max` bytes, each
    /// cell with its full length when it was cut. Reading a screenful of rows then costs
    /// what the screen shows, however big the values are.
    pub fn get_clipped(
        &self,
        i: usize,
        columns: usize,
        max: usize,
    ) -> Option<Vec<(Cell, Option<usize>)>> {
        let &(chunk, offset) = self.rows.get(i)?;
        let buf = self.chunks.get(chunk as usize)?;
        let mut reader = Reader {
            buf,
            pos: offset as usize,
        };
        Some((0..columns).map(|_| reader.cell(max)).collect())
    }

    /// Moves every row of `other` to the end of this store (chunks are moved, not copied).
    pub fn append(&mut self, other: RowStore) {
        let base = self.chunks.len() as u32;
        self.rows
            .extend(other.rows.into_iter().map(|(c, o)| (c + base, o)));
        self.chunks.extend(other.chunks);
    }

    /// Bytes held (capacity included), for memory reports.
    pub fn heap_bytes(&self) -> usize {
        self.chunks.iter().map(Vec::capacity).sum::<usize>()
            + self.rows.capacity() * std::mem::size_of::<(u32, u32)>()
    }

    /// Forgets every row.
    pub fn clear(&mut self) {
        self.chunks.clear();
        self.rows.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_kind_round_trips() {
        let row = vec![
            Cell::Null,
            Cell::Bytes(vec![0, 255, 10]),
            Cell::Text("Zoë 🐍".into()),
            Cell::Int(-5),
            Cell::UInt(u64::MAX),
            Cell::Float(1.5),
            Cell::Double(1e300),
            Cell::Date(2024, 2, 29, 3, 4, 5, 123_456),
            Cell::Time(true, 34, 22, 59, 59, 1),
            Cell::Bytes(vec![7; 300]),
        ];
        let mut store = RowStore::new();
        store.push(&row);
        store.push(&row[..1]);
        assert_eq!(store.get(0, row.len()), Some(row));
        assert_eq!(store.get(1, 1), Some(vec![Cell::Null]));
        assert_eq!(store.get(2, 1), None);
    }

    #[test]
    fn clipped_reads_cut_long_strings_and_report_their_length() {
        let mut store = RowStore::new();
        store.push(&[
            Cell::Bytes(vec![7; 1000]),
            Cell::Text("é".repeat(10)),
            Cell::Int(3),
            Cell::Bytes(b"ab".to_vec()),
        ]);
        let got = store.get_clipped(0, 4, 5);
        assert_eq!(
            got,
            Some(vec![
                (Cell::Bytes(vec![7; 5]), Some(1000)),
                (Cell::Text("éé".into()), Some(20)),
                (Cell::Int(3), None),
                (Cell::Bytes(b"ab".to_vec()), None),
            ])
        );
    }

    #[test]
    fn a_text_cut_inside_a_character_keeps_whole_characters_and_binary_keeps_its_bytes() {
        let mut store = RowStore::new();
        store.push(&[
            Cell::Bytes("日".repeat(400).into_bytes()),
            Cell::Bytes(vec![0xe6; 10]),
        ]);
        let got = store.get_clipped(0, 2, 1024);
        assert_eq!(
            got,
            Some(vec![
                (Cell::Bytes("日".repeat(341).into_bytes()), Some(1200)),
                (Cell::Bytes(vec![0xe6; 10]), None),
            ])
        );
        // Bytes that are not UTF-8 before the cut are binary: nothing is dropped.
        let mut store = RowStore::new();
        store.push(&[Cell::Bytes(
            [0xff, 0xe6, 0x97, 0xa5, 0xe6, 0x97, 0xa5].to_vec(),
        )]);
        assert_eq!(
            store.get_clipped(0, 1, 5),
            Some(vec![(
                Cell::Bytes(vec![0xff, 0xe6, 0x97, 0xa5, 0xe6]),
                Some(7)
            )])
        );
    }

    #[test]
    fn a_big_cell_is_stored_once_without_a_scratch_copy() {
        let mut store = RowStore::new();
        store.push(&[Cell::Int(1), Cell::Bytes(vec![1; 3 << 20])]);
        store.push(&[Cell::Int(2)]);
        // The big row gets a chunk of exactly its size; the next row a fresh 1 MiB chunk.
        assert!(store.heap_bytes() < (3 << 20) + CHUNK + 100);
        assert_eq!(store.get(1, 1), Some(vec![Cell::Int(2)]));
        assert_eq!(store.get(0, 2).map(|r| r.len()), Some(2));
    }

    #[test]
    fn appended_stores_keep_their_rows_in_order() {
        let mut a = RowStore::new();
        let mut b = RowStore::new();
        a.push(&[Cell::Int(1)]);
        b.push(&[Cell::Int(2)]);
        b.push(&[Cell::Int(3)]);
        a.append(b);
        let got: Vec<_> = (0..3).filter_map(|i| a.get(i, 1)).collect();
        assert_eq!(
            got,
            vec![vec![Cell::Int(1)], vec![Cell::Int(2)], vec![Cell::Int(3)]]
        );
    }

    #[test]
    fn a_million_small_rows_stay_near_their_text_size() {
        let mut store = RowStore::new();
        for i in 0..1_000_000u32 {
            store.push(&[
                Cell::Bytes(i.to_string().into_bytes()),
                Cell::Bytes(b"name".to_vec()),
            ]);
        }
        // ~6.9 digit bytes + 4 name bytes + 4 tag/length bytes + 8 index bytes per row.
        let per_row = store.heap_bytes() as f64 / 1e6;
        assert!(per_row < 26.0, "{per_row} bytes per row");
    }
}
