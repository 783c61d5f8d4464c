//! `datetime.date`, `datetime.datetime` and `datetime.timedelta`: validation as their
//! constructors do it, and their `repr()`.

use std::fmt;

/// Why Python's `datetime.date(...)` constructor would refuse a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// `year {year} is out of range`
    #[error("year {0} is out of range")]
    Year(i32),
    /// `month must be in 1..12`
    #[error("month must be in 1..12")]
    Month,
    /// `day is out of range for month`
    #[error("day is out of range for month")]
    Day,
    /// A time field out of range (`hour must be in 0..23`, ...).
    #[error("{0} must be in 0..{1}")]
    Time(&'static str, u32),
}

/// A valid `datetime.date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// 1..=9999.
    pub year: u16,
    /// 1..=12.
    pub month: u8,
    /// 1..=31, valid for the month.
    pub day: u8,
}

/// A valid naive `datetime.datetime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    /// The calendar day.
    pub date: Date,
    /// 0..=23.
    pub hour: u8,
    /// 0..=59.
    pub minute: u8,
    /// 0..=59.
    pub second: u8,
    /// `0..1_000_000`.
    pub microsecond: u32,
}

/// A `datetime.timedelta`, normalised as Python keeps it: `0 <= seconds < 86400`,
/// `0 <= microseconds < 1_000_000`, the sign carried by `days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TimeDelta {
    /// Whole days, carrying the sign.
    pub days: i64,
    /// `0..86_400`.
    pub seconds: u32,
    /// `0..1_000_000`.
    pub microseconds: u32,
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl Date {
    /// `datetime.date(year, month, day)`, failing with Python's message.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Self, DateError> {
        if !(1..=9999).contains(&year) {
            return Err(DateError::Year(year));
        }
        if !(1..=12).contains(&month) {
            return Err(DateError::Month);
        }
        if day < 1 || day > days_in_month(year, month) {
            return Err(DateError::Day);
        }
        Ok(Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }
}

impl DateTime {
    /// `datetime.datetime(...)`, failing with Python's message.
    pub fn new(
        date: (i32, u32, u32),
        hour: u32,
        minute: u32,
        second: u32,
        microsecond: u32,
    ) -> Result<Self, DateError> {
        let date = Date::new(date.0, date.1, date.2)?;
        for (name, value, max) in [
            ("hour", hour, 23),
            ("minute", minute, 59),
            ("second", second, 59),
            ("microsecond", microsecond, 999_999),
        ] {
            if value > max {
                return Err(DateError::Time(name, max));
            }
        }
        Ok(DateTime {
            date,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
            microsecond,
        })
    }
}

impl TimeDelta {
    /// The timedelta of `total` microseconds, negative ones included.
    pub fn from_micros(total: i64) -> Self {
        const PER_DAY: i64 = 86_400_000_000;
        let days = total.div_euclid(PER_DAY);
        let rest = total.rem_euclid(PER_DAY);
        TimeDelta {
            days,
            seconds: (rest / 1_000_000) as u32,
            microseconds: (rest % 1_000_000) as u32,
        }
    }

    /// Total length in microseconds.
    pub fn total_micros(&self) -> i64 {
        self.days * 86_400_000_000
            + i64::from(self.seconds) * 1_000_000
            + i64::from(self.microseconds)
    }
}

impl fmt::Display for Date {
    /// `repr()`: `datetime.date(2024, 2, 29)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "datetime.date({}, {}, {})",
            self.year, self.month, self.day
        )
    }
}

impl fmt::Display for DateTime {
    /// `repr()`: trailing zero microsecond and second are left out, as Python does.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.date;
        write!(
            f,
            "datetime.datetime({}, {}, {}, {}, {}",
            d.year, d.month, d.day, self.hour, self.minute
        )?;
        if self.microsecond != 0 {
            write!(f, ", {}, {}", self.second, self.microsecond)?;
        } else if self.second != 0 {
            write!(f, ", {}", self.second)?;
        }
        f.write_str(")")
    }
}

impl fmt::Display for TimeDelta {
    /// `repr()`: `datetime.timedelta(days=-1, seconds=41104)`, `datetime.timedelta(0)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.days != 0 {
            parts.push(format!("days={}", self.days));
        }
        if self.seconds != 0 {
            parts.push(format!("seconds={}", self.seconds));
        }
        if self.microseconds != 0 {
            parts.push(format!("microseconds={}", self.microseconds));
        }
        if parts.is_empty() {
            parts.push("0".to_owned());
        }
        write!(f, "datetime.timedelta({})", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetime_repr_drops_trailing_zero_fields() -> Result<(), DateError> {
        assert_eq!(
            DateTime::new((2024, 6, 30), 12, 0, 0, 0)?.to_string(),
            "datetime.datetime(2024, 6, 30, 12, 0)"
        );
        assert_eq!(
            DateTime::new((2024, 1, 2), 3, 4, 5, 0)?.to_string(),
            "datetime.datetime(2024, 1, 2, 3, 4, 5)"
        );
        assert_eq!(
            DateTime::new((1970, 1, 1), 0, 0, 0, 1)?.to_string(),
            "datetime.datetime(1970, 1, 1, 0, 0, 0, 1)"
        );
        Ok(())
    }

    #[test]
    fn date_constructor_refuses_what_python_refuses() {
        assert_eq!(Date::new(0, 0, 0), Err(DateError::Year(0)));
        assert_eq!(Date::new(2023, 2, 29), Err(DateError::Day));
        assert_eq!(Date::new(2024, 13, 1), Err(DateError::Month));
        assert!(Date::new(2024, 2, 29).is_ok());
    }

    #[test]
    fn negative_timedelta_borrows_from_days() {
        let td = TimeDelta::from_micros(-(12 * 3600 + 34 * 60 + 56) * 1_000_000);
        assert_eq!(td.to_string(), "datetime.timedelta(days=-1, seconds=41104)");
        assert_eq!(
            TimeDelta::from_micros(0).to_string(),
            "datetime.timedelta(0)"
        );
        assert_eq!(
            TimeDelta::from_micros((838 * 3600 + 59 * 60 + 59) * 1_000_000).to_string(),
            "datetime.timedelta(days=34, seconds=82799)"
        );
        assert_eq!(
            TimeDelta::from_micros(-500_000).to_string(),
            "datetime.timedelta(days=-1, seconds=86399, microseconds=500000)"
        );
    }
}
