//! インフォメーション and 共通機能: the deduction schedule (cycles, 入力中/締切中), 一斉積立 run
//! headers, the employer's documents, お知らせ audiences.

pub mod schedule;
