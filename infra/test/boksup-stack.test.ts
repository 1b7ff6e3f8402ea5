import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  createBoksupStack,
  HEALTH_CHECK_SCRIPT,
  METRIC_NAMESPACE,
  NO_IMAGE_TAG,
  SECRET_ENV_NAMES,
} from '../lib/boksup-stack';

// The feature flags of cdk.json, so the tests see the same template as `cdk synth`.
const cdkJson = JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};

const EXISTING_ARN = 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:boksup/database-url-AbCdEf';

type Resource = { Type: string; Properties?: Record<string, unknown> };

/** Synthesizes with the given context, plus a release tag unless the context says otherwise. */
function synth(context: Record<string, string>) {
  const app = new App({ context: { ...cdkJson.context, imageTag: 'v1.0.0', ...context } });
  // An empty process environment: no CDK_DEFAULT_ACCOUNT, as on a machine without credentials.
  const stack = createBoksupStack(app, {});
  const assembly = app.synth();
  return { stack, assembly, template: Template.fromStack(stack) };
}

function only<T>(items: Record<string, T>): [string, T] {
  const entries = Object.entries(items);
  expect(entries).toHaveLength(1);
  return entries[0] as [string, T];
}

function containerOf(template: Template) {
  const [, taskDef] = only(template.findResources('AWS::ECS::TaskDefinition') as Record<string, Resource>);
  const containers = taskDef.Properties?.ContainerDefinitions as Array<Record<string, unknown>>;
  expect(containers).toHaveLength(1);
  return containers[0] as {
    Environment?: Array<{ Name: string; Value: string }>;
    Secrets?: Array<{ Name: string; ValueFrom: unknown }>;
    Image: unknown;
    ReadonlyRootFilesystem?: boolean;
  };
}

type EgressRule = { IpProtocol: string; FromPort: number; ToPort: number; CidrIp?: string; Dest?: string };

/** Every outbound rule of the service's security group, inline or as its own resource. */
function serviceEgress(template: Template): EgressRule[] {
  const sgId = serviceSecurityGroupId(template);
  const groups = template.findResources('AWS::EC2::SecurityGroup') as Record<string, Resource>;
  const inline = (groups[sgId]?.Properties?.SecurityGroupEgress ?? []) as EgressRule[];
  const separate = Object.values(
    template.findResources('AWS::EC2::SecurityGroupEgress', {
      Properties: { GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] } },
    }) as Record<string, Resource>,
  ).map(
    (r) => r.Properties as { DestinationSecurityGroupId: { 'Fn::GetAtt': [string, string] } } & EgressRule,
  );
  return [
    ...inline.map(({ IpProtocol, FromPort, ToPort, CidrIp }) => ({ IpProtocol, FromPort, ToPort, CidrIp })),
    ...separate.map(({ IpProtocol, FromPort, ToPort, DestinationSecurityGroupId }) => ({
      IpProtocol,
      FromPort,
      ToPort,
      Dest: DestinationSecurityGroupId['Fn::GetAtt'][0],
    })),
  ];
}

function serviceSecurityGroupId(template: Template): string {
  const [, service] = only(template.findResources('AWS::ECS::Service') as Record<string, Resource>);
  const network = service.Properties?.NetworkConfiguration as {
    AwsvpcConfiguration: { SecurityGroups: Array<{ 'Fn::GetAtt': [string, string] }> };
  };
  const groups = network.AwsvpcConfiguration.SecurityGroups;
  expect(groups).toHaveLength(1);
  return (groups[0] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
}

/** Fargate's valid CPU units / memory MiB combinations. */
function isValidFargatePair(cpu: number, memory: number): boolean {
  const range = (from: number, to: number, step: number) =>
    Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
  const table: Record<number, number[]> = {
    256: [512, 1024, 2048],
    512: range(1024, 4096, 1024),
    1024: range(2048, 8192, 1024),
    2048: range(4096, 16384, 1024),
    4096: range(8192, 30720, 1024),
    8192: range(16384, 61440, 4096),
    16384: range(32768, 122880, 8192),
  };
  return table[cpu]?.includes(memory) ?? false;
}

function sharedChecks(template: Template) {
  it('has an ECR repository scanning on push and keeping the last images', () => {
    template.hasResourceProperties('AWS::ECR::Repository', {
      RepositoryName: 'boksup',
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
      LifecyclePolicy: {
        LifecyclePolicyText: Match.serializedJson({
          rules: [
            Match.objectLike({
              selection: Match.objectLike({ countType: 'imageCountMoreThan', countNumber: 20 }),
              action: { type: 'expire' },
            }),
          ],
        }),
      },
    });
  });

  it('has a cluster with container insights', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it('defines a Fargate task with a valid CPU/memory pair on X86_64', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RequiresCompatibilities: ['FARGATE'],
      NetworkMode: 'awsvpc',
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
    });
    const [, taskDef] = only(template.findResources('AWS::ECS::TaskDefinition') as Record<string, Resource>);
    const cpu = Number(taskDef.Properties?.Cpu);
    const memory = Number(taskDef.Properties?.Memory);
    expect([cpu, memory]).toEqual([256, 512]);
    expect(isValidFargatePair(cpu, memory)).toBe(true);
  });

  it('passes the non-secret settings as plain environment', () => {
    const env = containerOf(template).Environment ?? [];
    expect(env).toEqual(
      expect.arrayContaining([
        { Name: 'NODE_ENV', Value: 'production' },
        { Name: 'HEALTH_PORT', Value: '8080' },
        { Name: 'LOG_LEVEL', Value: 'info' },
        { Name: 'DEFAULT_TIMEZONE', Value: 'Asia/Seoul' },
      ]),
    );
    expect(env.map((e) => e.Name)).not.toContain('GUILD_ID');
  });

  it('never puts a credential into plain environment', () => {
    const names = (containerOf(template).Environment ?? []).map((e) => e.Name);
    for (const secretName of SECRET_ENV_NAMES) expect(names).not.toContain(secretName);
  });

  it('takes DISCORD_TOKEN from an empty stack-created secret', () => {
    const secrets = containerOf(template).Secrets ?? [];
    const token = secrets.find((s) => s.Name === 'DISCORD_TOKEN');
    expect(token).toBeDefined();
    const [logicalId] = only(
      template.findResources('AWS::SecretsManager::Secret', {
        Properties: { Description: Match.stringLikeRegexp('Discord') },
      }),
    );
    expect(token?.ValueFrom).toEqual({ Ref: logicalId });
    // No generated value and no placeholder in the template: the operator puts the real token.
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: Match.stringLikeRegexp('Discord'),
      GenerateSecretString: Match.absent(),
      SecretString: Match.absent(),
    });
  });

  it('has the node health check on /healthz', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          HealthCheck: {
            Command: ['CMD-SHELL', HEALTH_CHECK_SCRIPT],
            Interval: 30,
            Timeout: 5,
            Retries: 3,
            StartPeriod: 60,
          },
          StopTimeout: 30,
        }),
      ],
    });
    expect(HEALTH_CHECK_SCRIPT).toContain("fetch('http://127.0.0.1:8080/healthz')");
  });

  it('runs the container on a read-only root filesystem', () => {
    expect(containerOf(template).ReadonlyRootFilesystem).toBe(true);
  });

  it('sets no PGSSL variable (the bot reads PGSSLMODE only)', () => {
    const names = (containerOf(template).Environment ?? []).map((e) => e.Name);
    expect(names).not.toContain('PGSSL');
  });

  it('lets the task out on HTTPS and to the database port only', () => {
    const egress = serviceEgress(template);
    expect(egress).toContainEqual({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' });
    expect(egress).toHaveLength(2);
    for (const rule of egress) {
      expect(rule.IpProtocol).toBe('tcp');
      expect([443, 5432]).toContain(rule.FromPort);
      expect(rule.ToPort).toBe(rule.FromPort);
    }
  });

  it('alarms into one topic on fewer running tasks than desired and on fatal log lines', () => {
    const [topicId] = only(template.findResources('AWS::SNS::Topic'));
    const [logGroupId] = only(template.findResources('AWS::Logs::LogGroup'));
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logGroupId },
      FilterPattern: '{ $.level = "fatal" }',
      MetricTransformations: [
        { MetricNamespace: METRIC_NAMESPACE, MetricName: 'FatalLogLines', MetricValue: '1', DefaultValue: 0 },
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRIC_NAMESPACE,
      MetricName: 'FatalLogLines',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topicId }],
    });
    const [serviceId] = only(template.findResources('AWS::ECS::Service'));
    const dimensions = [
      { Name: 'ClusterName', Value: { Ref: only(template.findResources('AWS::ECS::Cluster'))[0] } },
      { Name: 'ServiceName', Value: { 'Fn::GetAtt': [serviceId, 'Name'] } },
    ];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'desired - running' }),
        Match.objectLike({
          Id: 'desired',
          MetricStat: Match.objectLike({
            Metric: {
              Namespace: 'ECS/ContainerInsights',
              MetricName: 'DesiredTaskCount',
              Dimensions: dimensions,
            },
          }),
        }),
        Match.objectLike({
          Id: 'running',
          MetricStat: Match.objectLike({
            Metric: {
              Namespace: 'ECS/ContainerInsights',
              MetricName: 'RunningTaskCount',
              Dimensions: dimensions,
            },
          }),
        }),
      ]),
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
  });

  it('keeps a stack-created Discord token secret when the stack is deleted', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({ Description: Match.stringLikeRegexp('Discord') }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('logs with awslogs to its own log group with retention', () => {
    const [logGroupId] = only(
      template.findResources('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 30 } }),
    );
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          LogConfiguration: {
            LogDriver: 'awslogs',
            Options: Match.objectLike({
              'awslogs-group': { Ref: logGroupId },
              'awslogs-stream-prefix': 'bot',
              'awslogs-region': 'ap-northeast-2',
            }),
          },
        }),
      ],
    });
  });

  it('runs one task that starts before the old one stops, with rollback', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DesiredCount: 1,
      DeploymentConfiguration: {
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      },
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'ENABLED' }) },
      EnableExecuteCommand: false,
    });
  });

  it('has no load balancer and no inbound rule on the service security group', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    const sgId = serviceSecurityGroupId(template);
    const groups = template.findResources('AWS::EC2::SecurityGroup') as Record<string, Resource>;
    expect(groups[sgId]?.Properties?.SecurityGroupIngress).toBeUndefined();
    const ingress = template.findResources('AWS::EC2::SecurityGroupIngress', {
      Properties: { GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] } },
    });
    expect(ingress).toEqual({});
  });

  it('builds a two-AZ VPC without NAT gateways', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    const publicSubnets = template.findResources('AWS::EC2::Subnet', {
      Properties: { MapPublicIpOnLaunch: true },
    }) as Record<string, Resource>;
    const zones = Object.values(publicSubnets).map((s) => s.Properties?.AvailabilityZone);
    expect(zones.sort()).toEqual(['ap-northeast-2a', 'ap-northeast-2c']);
  });

  it('needs no assets to publish and no context lookups', () => {
    template.resourceCountIs('AWS::Lambda::Function', 0);
    for (const [, resource] of Object.entries(template.toJSON().Resources as Record<string, Resource>)) {
      expect(resource.Type.startsWith('Custom::')).toBe(false);
    }
  });

  it('outputs the repository URI, cluster, service and log group names', () => {
    for (const name of ['RepositoryUri', 'ClusterName', 'ServiceName', 'LogGroupName', 'AlarmTopicArn']) {
      template.hasOutput(name, {});
    }
  });
}

describe('database=rds', () => {
  const { template, assembly } = synth({ database: 'rds' });
  sharedChecks(template);

  it('asks CDK for no lookup', () => {
    expect(assembly.manifest.missing ?? []).toEqual([]);
  });

  it('creates an encrypted PostgreSQL 16 t4g.micro instance, private and protected', () => {
    template.resourceCountIs('AWS::RDS::DBInstance', 1);
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      EngineVersion: Match.stringLikeRegexp('^16'),
      DBInstanceClass: 'db.t4g.micro',
      StorageEncrypted: true,
      PubliclyAccessible: false,
      DeletionProtection: true,
      BackupRetentionPeriod: 7,
      DBName: 'boksup',
    });
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot' });
  });

  it('keeps the credentials secret when the stack is deleted, as the snapshot needs its password', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({
        GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password' }),
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('lets the task reach PostgreSQL only through the database security group', () => {
    const [, instance] = only(template.findResources('AWS::RDS::DBInstance') as Record<string, Resource>);
    const dbGroups = instance.Properties?.VPCSecurityGroups as Array<{ 'Fn::GetAtt': [string, string] }>;
    const dbSg = (dbGroups[0] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(serviceEgress(template)).toContainEqual({
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      Dest: dbSg,
    });
  });

  it('puts the database in isolated subnets', () => {
    const [, subnetGroup] = only(
      template.findResources('AWS::RDS::DBSubnetGroup') as Record<string, Resource>,
    );
    const subnetIds = ((subnetGroup.Properties?.SubnetIds ?? []) as Array<{ Ref: string }>).map((s) => s.Ref);
    expect(subnetIds).toHaveLength(2);
    const subnets = template.findResources('AWS::EC2::Subnet') as Record<string, Resource>;
    for (const id of subnetIds) {
      expect(subnets[id]?.Properties?.MapPublicIpOnLaunch).toBe(false);
      // No route of an isolated subnet's table leads anywhere outside the VPC.
      const tables = template.findResources('AWS::EC2::SubnetRouteTableAssociation', {
        Properties: { SubnetId: { Ref: id } },
      }) as Record<string, Resource>;
      const [, association] = only(tables);
      const tableRef = association.Properties?.RouteTableId as { Ref: string };
      const routes = template.findResources('AWS::EC2::Route', {
        Properties: { RouteTableId: { Ref: tableRef.Ref } },
      });
      expect(routes).toEqual({});
    }
  });

  it('admits PostgreSQL only from the service security group', () => {
    const serviceSg = serviceSecurityGroupId(template);
    const [, instance] = only(template.findResources('AWS::RDS::DBInstance') as Record<string, Resource>);
    const dbGroups = instance.Properties?.VPCSecurityGroups as Array<{ 'Fn::GetAtt': [string, string] }>;
    expect(dbGroups).toHaveLength(1);
    const dbSg = (dbGroups[0] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(dbSg).not.toBe(serviceSg);

    const groups = template.findResources('AWS::EC2::SecurityGroup') as Record<string, Resource>;
    expect(groups[dbSg]?.Properties?.SecurityGroupIngress).toBeUndefined();
    const rules = Object.values(
      template.findResources('AWS::EC2::SecurityGroupIngress', {
        Properties: { GroupId: { 'Fn::GetAtt': [dbSg, 'GroupId'] } },
      }) as Record<string, Resource>,
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties).toMatchObject({
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [serviceSg, 'GroupId'] },
    });
    expect(rules[0]?.Properties?.CidrIp).toBeUndefined();
  });

  it('gives the task PG* variables from the generated secret, and no DATABASE_URL', () => {
    const secrets = containerOf(template).Secrets ?? [];
    const byName = new Map(secrets.map((s) => [s.Name, s.ValueFrom]));
    expect(byName.has('DATABASE_URL')).toBe(false);
    const fields = {
      PGHOST: 'host',
      PGPORT: 'port',
      PGUSER: 'username',
      PGPASSWORD: 'password',
      PGDATABASE: 'dbname',
    };
    const [attachmentId] = only(template.findResources('AWS::SecretsManager::SecretTargetAttachment'));
    for (const [name, field] of Object.entries(fields)) {
      expect(byName.get(name)).toEqual({ 'Fn::Join': ['', [{ Ref: attachmentId }, `:${field}::`]] });
    }
    // The generated secret carries dbname itself (the attachment adds only host, port and engine).
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        SecretStringTemplate: Match.serializedJson({ username: 'boksup', dbname: 'boksup' }),
        GenerateStringKey: 'password',
      }),
    });
    expect(containerOf(template).Environment).toEqual(
      expect.arrayContaining([{ Name: 'PGSSLMODE', Value: 'require' }]),
    );
  });

  it('lets the execution role read the database secret', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
            Resource: Match.arrayWith([
              { Ref: only(template.findResources('AWS::SecretsManager::SecretTargetAttachment'))[0] },
            ]),
          }),
        ]),
      },
    });
  });
});

describe('database=existing', () => {
  const { template, assembly } = synth({ database: 'existing', databaseUrlSecretArn: EXISTING_ARN });
  sharedChecks(template);

  it('asks CDK for no lookup', () => {
    expect(assembly.manifest.missing ?? []).toEqual([]);
  });

  it('lets the task reach the existing database on its port, anywhere', () => {
    expect(serviceEgress(template)).toContainEqual({
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      CidrIp: '0.0.0.0/0',
    });
    const other = synth({ database: 'existing', databaseUrlSecretArn: EXISTING_ARN, databasePort: '6543' });
    expect(serviceEgress(other.template)).toContainEqual({
      IpProtocol: 'tcp',
      FromPort: 6543,
      ToPort: 6543,
      CidrIp: '0.0.0.0/0',
    });
  });

  it('creates no database and no isolated subnets', () => {
    template.resourceCountIs('AWS::RDS::DBInstance', 0);
    template.resourceCountIs('AWS::RDS::DBSubnetGroup', 0);
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  it('takes DATABASE_URL from the given secret and no PG* variable', () => {
    const container = containerOf(template);
    const secrets = container.Secrets ?? [];
    expect(secrets.find((s) => s.Name === 'DATABASE_URL')?.ValueFrom).toBe(EXISTING_ARN);
    const names = [...secrets.map((s) => s.Name), ...(container.Environment ?? []).map((e) => e.Name)];
    for (const pg of ['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE', 'PGSSLMODE']) {
      expect(names).not.toContain(pg);
    }
  });
});

describe('context parameters', () => {
  it('uses imageTag, desiredCount, guildId and enableExecuteCommand', () => {
    const { template } = synth({
      database: 'existing',
      databaseUrlSecretArn: EXISTING_ARN,
      imageTag: 'v1.2.3',
      desiredCount: '0',
      guildId: '123456789012345678',
      enableExecuteCommand: 'true',
    });
    const container = containerOf(template);
    expect(JSON.stringify(container.Image)).toContain(':v1.2.3"');
    expect(container.Environment).toEqual(
      expect.arrayContaining([{ Name: 'GUILD_ID', Value: '123456789012345678' }]),
    );
    template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 0, EnableExecuteCommand: true });
  });

  it('imports the Discord token secret by name when discordTokenSecretName is given', () => {
    const { template } = synth({
      database: 'existing',
      databaseUrlSecretArn: 'boksup/database-url',
      discordTokenSecretName: 'boksup/discord-token',
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    const secrets = containerOf(template).Secrets ?? [];
    expect(JSON.stringify(secrets.find((s) => s.Name === 'DISCORD_TOKEN')?.ValueFrom)).toContain(
      ':secret:boksup/discord-token',
    );
    expect(JSON.stringify(secrets.find((s) => s.Name === 'DATABASE_URL')?.ValueFrom)).toContain(
      ':secret:boksup/database-url',
    );
  });

  it('requires a release tag when tasks run, and names none before the first release', () => {
    expect(() => synth({ database: 'rds', imageTag: '' })).toThrow(
      /imageTag is required when desiredCount > 0/,
    );
    expect(() => synth({ database: 'rds', imageTag: 'latest' })).toThrow(/never "latest"/);
    expect(() => synth({ database: 'rds', imageTag: 'v1/2' })).toThrow(/imageTag must be/);
    const { template } = synth({ database: 'rds', imageTag: '', desiredCount: '0' });
    expect(JSON.stringify(containerOf(template).Image)).toContain(`:${NO_IMAGE_TAG}"`);
    template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 0 });
  });

  it('subscribes alarmEmail to the alarm topic', () => {
    const { template } = synth({ database: 'rds', alarmEmail: 'ops@example.com' });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: only(template.findResources('AWS::SNS::Topic'))[0] },
    });
  });

  it('can turn deletion protection off for a throwaway database', () => {
    const { template } = synth({ database: 'rds', dbDeletionProtection: 'false' });
    template.hasResourceProperties('AWS::RDS::DBInstance', { DeletionProtection: false });
  });

  it('honours region and availabilityZones', () => {
    const { template, assembly } = synth({
      database: 'existing',
      databaseUrlSecretArn: 'boksup/database-url',
      region: 'eu-west-1',
      availabilityZones: 'eu-west-1a,eu-west-1b',
    });
    expect(assembly.manifest.missing ?? []).toEqual([]);
    const zones = Object.values(template.findResources('AWS::EC2::Subnet') as Record<string, Resource>).map(
      (s) => s.Properties?.AvailabilityZone,
    );
    expect(zones.sort()).toEqual(['eu-west-1a', 'eu-west-1b']);
  });

  it('rejects bad parameters with a clear message', () => {
    expect(() => synth({ database: 'existing' })).toThrow(/databaseUrlSecretArn/);
    expect(() => synth({ database: 'dynamodb' })).toThrow(/"rds" or "existing"/);
    expect(() => synth({ database: 'rds', desiredCount: '-1' })).toThrow(/desiredCount/);
    expect(() => synth({ database: 'rds', enableExecuteCommand: 'yes' })).toThrow(/enableExecuteCommand/);
    expect(() => synth({ database: 'rds', availabilityZones: 'ap-northeast-2a' })).toThrow(/exactly 2/);
  });
});
