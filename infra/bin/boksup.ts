#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { createBoksupStack } from '../lib/boksup-stack';

// Parameters come from context (`--context key=value`); see README.md. Synth needs no AWS access.
const app = new App();
createBoksupStack(app);
app.synth();
