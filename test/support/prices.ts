// A price series the multi-currency tests convert MKR with, in the service tests and the page's.
import type { AnalyticsSeriesInput } from "../../src/engine/index.js";

/** 1,500 DAI per MKR from 2020 on. */
export const MKR_PRICE: AnalyticsSeriesInput = {
  start: "2020-01-01",
  source: "prices/mkr",
  metric: "MKR-DAI",
  value: 1500,
  unit: "DAI",
  dimensions: {},
};
