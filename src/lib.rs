//! cxmap: customer-journey maps in the terminal and in git.
//!
//! See ARCHITECTURE.md for the rooms and which way the arrows point.

pub mod cli;
pub mod model;
pub mod platform;
pub mod share;
pub mod storage;
pub mod text;
pub mod tui;
