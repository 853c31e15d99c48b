#!/usr/bin/env node
// A port of three chapter 4 listings to JavaScript, checked by grokking-spec through trace
// files: `node port.js OUT` writes OUT/ch04/<slug>.<variant>.json for both variants.
//
// The params are those `grokking-spec show ch04/<slug> --variant <variant>` prints (both
// variants of these listings share them). Chapter 4 is single-weight float arithmetic, so
// doing the listing's operations in the listing's order gives IEEE-identical numbers in any
// language with binary64 floats. JSON.stringify prints each number as its shortest
// round-trip form, as Python's repr does (1.0 comes out as 1, which the harness reads as a
// float where the golden has one).
"use strict";

const fs = require("fs");
const path = require("path");

// The squared error, written as a product: x ** 2 in the listing, the same number.
function squared(x) {
  return x * x;
}

// Hot and cold learning: move the weight a fixed step toward the smaller error.
function hotAndColdLearning({ weight, input, goal_prediction, step_amount, iterations }) {
  const trace = { weight: [], prediction: [], error: [] };
  for (let i = 0; i < iterations; i++) {
    const prediction = input * weight;
    trace.weight.push(weight);
    trace.prediction.push(prediction);
    trace.error.push(squared(prediction - goal_prediction));
    const upError = squared(goal_prediction - input * (weight + step_amount));
    const downError = squared(goal_prediction - input * (weight - step_amount));
    if (downError < upError) weight = weight - step_amount;
    if (downError > upError) weight = weight + step_amount;
  }
  trace.final_weight = weight;
  return trace;
}

// Gradient descent on one weight; without alpha the raw weight delta is subtracted.
function gradientDescent({ weight, goal_prediction, input, iterations, alpha }) {
  const trace = { weight: [], prediction: [], error: [], delta: [], weight_delta: [] };
  for (let i = 0; i < iterations; i++) {
    const prediction = input * weight;
    const delta = prediction - goal_prediction;
    const weightDelta = delta * input;
    trace.weight.push(weight);
    trace.prediction.push(prediction);
    trace.error.push(squared(prediction - goal_prediction));
    trace.delta.push(delta);
    trace.weight_delta.push(weightDelta);
    weight = weight - (alpha === undefined ? weightDelta : alpha * weightDelta);
  }
  trace.final_weight = weight;
  return trace;
}

const LISTINGS = {
  "hot-and-cold-learning": () =>
    hotAndColdLearning({
      weight: 0.5,
      input: 0.5,
      goal_prediction: 0.8,
      step_amount: 0.001,
      iterations: 1101,
    }),
  "direction-and-amount": () =>
    gradientDescent({ weight: 0.5, goal_prediction: 0.8, input: 0.5, iterations: 20 }),
  alpha: () =>
    gradientDescent({ weight: 0.5, goal_prediction: 0.8, input: 2, iterations: 20, alpha: 0.1 }),
};

const VARIANTS = ["meap", "published"];

function main(argv) {
  if (argv.length !== 1) {
    process.stderr.write("usage: node port.js OUT_DIR\n");
    return 2;
  }
  const folder = path.join(argv[0], "ch04");
  fs.mkdirSync(folder, { recursive: true });
  for (const [slug, run] of Object.entries(LISTINGS)) {
    const text = JSON.stringify(run()) + "\n";
    for (const variant of VARIANTS) {
      fs.writeFileSync(path.join(folder, `${slug}.${variant}.json`), text);
    }
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
