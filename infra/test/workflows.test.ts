// The release workflow is not CDK's, but it holds the AWS credentials: these checks keep its split honest.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const WORKFLOWS_DIR = join(__dirname, '..', '..', '.github', 'workflows');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  environment?: string | { name: string };
  permissions?: string | Record<string, string>;
  uses?: string;
  steps?: Step[];
}
interface Workflow {
  permissions?: string | Record<string, string>;
  jobs: Record<string, Job>;
}

const workflows = readdirSync(WORKFLOWS_DIR)
  .filter((file) => /\.ya?ml$/.test(file))
  .map((file) => ({ file, workflow: parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8')) as Workflow }));

/** `write-all` or an explicit `id-token: write`. */
function mintsTokens(permissions: Workflow['permissions']): boolean {
  if (permissions === undefined) return false;
  if (typeof permissions === 'string') return permissions === 'write-all';
  return permissions['id-token'] === 'write';
}

const deploy = workflows.find(({ file }) => file === 'deploy.yml')?.workflow;

describe('GitHub workflows', () => {
  it('are found', () => {
    expect(workflows.map(({ file }) => file)).toContain('deploy.yml');
  });

  it.each(workflows)('$file pins every action to a 40-hex commit', ({ workflow }) => {
    const refs = Object.values(workflow.jobs).flatMap((job) => [
      ...(job.uses ? [job.uses] : []),
      ...(job.steps ?? []).flatMap((step) => (step.uses ? [step.uses] : [])),
    ]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
  });

  it.each(workflows)(
    '$file grants id-token: write to no workflow and to no job but deploy',
    ({ workflow }) => {
      expect(mintsTokens(workflow.permissions)).toBe(false);
      expect(workflow.permissions).toBeDefined();
      for (const [name, job] of Object.entries(workflow.jobs)) {
        if (name !== 'deploy') expect(mintsTokens(job.permissions), name).toBe(false);
      }
    },
  );
});

describe('deploy.yml', () => {
  const jobs = deploy?.jobs ?? {};
  const deployJob = jobs.deploy as Job;
  const runs = (job: Job | undefined) => (job?.steps ?? []).flatMap((step) => (step.run ? [step.run] : []));

  it('has a test job and a deploy job that needs it', () => {
    expect(Object.keys(jobs).sort()).toEqual(['deploy', 'test']);
    expect([deployJob.needs].flat()).toContain('test');
  });

  it('mints the AWS token only in the deploy job, in the protected production environment', () => {
    expect(deployJob.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const environment = deployJob.environment;
    expect(typeof environment === 'string' ? environment : environment?.name).toBe('production');
    const assumesRole = (job: Job | undefined) =>
      (job?.steps ?? []).some((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(assumesRole(deployJob)).toBe(true);
    expect(assumesRole(jobs.test)).toBe(false);
  });

  it('runs no install script, test or build of the bot where the token can be minted', () => {
    const commands = runs(deployJob).join('\n');
    for (const line of commands.split('\n').filter((l) => /\bnpm (ci|install|i)\b/.test(l))) {
      expect(line).toContain('--ignore-scripts');
    }
    expect(commands).not.toMatch(/\bnpm (test|run)\b|\bdocker build\b/);
    // The test job builds and hands over the image; the deploy job only loads it.
    expect(runs(jobs.test).join('\n')).toMatch(/docker build/);
    expect(commands).toMatch(/docker load/);
  });

  it('deploys the image of the pushed tag', () => {
    expect(runs(deployJob).join('\n')).toContain('--context "imageTag=$IMAGE_TAG"');
  });

  it('tests on Node 24', () => {
    const nodeVersions = Object.values(jobs).flatMap((job) =>
      (job.steps ?? [])
        .filter((s) => s.uses?.startsWith('actions/setup-node@'))
        .map((s) => s.with?.['node-version']),
    );
    expect(nodeVersions.length).toBeGreaterThan(0);
    for (const version of nodeVersions) expect(String(version)).toBe('24');
  });
});
