export { DEMO_CB_BETA, DEMO_EPOCHS, demoEpochs, demoRuns, type DemoSettings } from './demoPlan.js';
export { runDemo, type RunDemoOptions, type DemoResults } from './runDemo.js';
