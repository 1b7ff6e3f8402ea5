import {
  Annotations,
  type App,
  CfnOutput,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as cloudwatchActions,
  Duration,
  aws_ec2 as ec2,
  aws_ecr as ecr,
  aws_ecs as ecs,
  aws_logs as logs,
  RemovalPolicy,
  aws_rds as rds,
  Size,
  Stack,
  type StackProps,
  aws_secretsmanager as secretsmanager,
  aws_sns as sns,
  aws_sns_subscriptions as snsSubscriptions,
  Tags,
  Token,
} from 'aws-cdk-lib';
import type { Construct, Node } from 'constructs';

/** Where the bot's PostgreSQL lives. */
export type DatabaseConfig =
  /** The stack creates an RDS PostgreSQL 16 instance; the task gets PG* variables from its generated secret. */
  | { readonly kind: 'rds'; readonly deletionProtection: boolean }
  /**
   * An existing database; a Secrets Manager secret (complete ARN or name) holds the whole DATABASE_URL, and the
   * task may reach `port` anywhere (the stack cannot know the server's address).
   */
  | { readonly kind: 'existing'; readonly databaseUrlSecret: string; readonly port: number };

export interface BoksupStackProps extends StackProps {
  readonly database: DatabaseConfig;
  /**
   * Tag of the image in the stack's ECR repository (the git tag in CI). Required when tasks run: tags are
   * immutable and only release tags are pushed, so there is no default that names an image that exists.
   */
  readonly imageTag?: string | undefined;
  /** Number of bot tasks. 1 for an unsharded bot; 0 to create everything before the first image exists. */
  readonly desiredCount: number;
  /** Name of the ECR repository (fixed so CI can push before deploying). */
  readonly repositoryName: string;
  /** How many images the ECR lifecycle rule keeps. */
  readonly keepImages: number;
  /** Two availability zones of the stack's region (given, not looked up, so synth needs no credentials). */
  readonly availabilityZones: readonly string[];
  /** Optional development guild for fast command registration. */
  readonly guildId?: string | undefined;
  /** Name of an existing secret holding the Discord token; if absent the stack creates an empty one. */
  readonly discordTokenSecretName?: string | undefined;
  /** Allow `aws ecs execute-command` into the task (off by default). */
  readonly enableExecuteCommand: boolean;
  /** Subscribed by e-mail to the alarm topic (optional; anything else can subscribe to the topic too). */
  readonly alarmEmail?: string | undefined;
}

/** The secret-backed environment variables, kept in one place so tests can check none leaks into plain env. */
export const SECRET_ENV_NAMES = [
  'DISCORD_TOKEN',
  'DATABASE_URL',
  'PGHOST',
  'PGPORT',
  'PGUSER',
  'PGPASSWORD',
  'PGDATABASE',
] as const;

export const HEALTH_PORT = 8080;

/** The image tag a task definition names while no task runs (desiredCount 0 before the first release). */
export const NO_IMAGE_TAG = 'no-image-yet';

/** ECR's rule for a tag. */
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** CloudWatch namespace of the metrics the stack derives from the bot's logs. */
export const METRIC_NAMESPACE = 'Boksup';

/**
 * Health check for the image (node:24-slim has no curl): node's built-in fetch against the bot's
 * /healthz endpoint, exit 0 on a 2xx answer and 1 otherwise. /healthz, not /readyz: liveness fails only
 * when the gateway has been gone for longer than the bot's grace period, so ECS replaces a task that is
 * stuck, not one that is riding out a short Discord or database outage it will recover from by itself.
 */
export const HEALTH_CHECK_SCRIPT = `node -e "fetch('http://127.0.0.1:${HEALTH_PORT}/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"`;

/**
 * boksup on AWS: ECR repository, ECS cluster and one Fargate service running the Discord gateway bot,
 * and (optionally) an RDS PostgreSQL instance.
 *
 * What the deployment notes' usual web-service steps become for a gateway bot:
 * - No load balancer. The bot opens an outbound WebSocket to the Discord gateway and receives
 *   interactions over it; nothing ever connects in. The service's security group therefore has no
 *   inbound rule, and the /healthz endpoint is only used by the container health check from inside
 *   the task.
 * - No auto scaling. Gateway traffic cannot be spread over identical replicas: each connection
 *   receives every event of its shard. Growth is handled by sharding the bot (more shards, one process
 *   or task per shard group), not by a CPU-based scaling policy, so the task count is a fixed parameter.
 */
export class BoksupStack extends Stack {
  readonly repository: ecr.Repository;
  readonly cluster: ecs.Cluster;
  readonly service: ecs.FargateService;
  readonly logGroup: logs.LogGroup;
  readonly serviceSecurityGroup: ec2.SecurityGroup;
  readonly database?: rds.DatabaseInstance;

  constructor(scope: Construct, id: string, props: BoksupStackProps) {
    super(scope, id, props);

    if (props.availabilityZones.length !== 2) {
      throw new Error(`availabilityZones must name exactly 2 zones, got ${props.availabilityZones.length}`);
    }
    if (!Number.isInteger(props.desiredCount) || props.desiredCount < 0) {
      throw new Error(`desiredCount must be a non-negative integer, got ${props.desiredCount}`);
    }
    if (props.imageTag === undefined && props.desiredCount > 0) {
      throw new Error(
        'imageTag is required when desiredCount > 0: pass --context imageTag=<a tag pushed to ECR>; the running ' +
          'one is in the service\'s task definition (see infra/README.md, "Changing the task count")',
      );
    }
    if (props.imageTag !== undefined && (!IMAGE_TAG.test(props.imageTag) || props.imageTag === 'latest')) {
      throw new Error(
        `imageTag must be a release tag pushed to ECR (letters, digits, _ . -; never "latest"), got "${props.imageTag}"`,
      );
    }

    // Tell CDK the stack's AZs instead of letting it look them up (a lookup needs AWS credentials).
    // The key is the one the availability-zones context provider would fill into cdk.context.json.
    if (!Token.isUnresolved(this.account) && !Token.isUnresolved(this.region)) {
      this.node.setContext(`availability-zones:account=${this.account}:region=${this.region}`, [
        ...props.availabilityZones,
      ]);
    }
    const useRds = props.database.kind === 'rds';

    // Network. Two AZs, public subnets and no NAT gateway: the task gets a public IP for its outbound
    // traffic (Discord gateway and REST, ECR, Secrets Manager, CloudWatch Logs) and accepts nothing
    // inbound, since its security group has no ingress rule. Discord is on the internet, so a task in
    // a private subnet would need a NAT gateway (about 32 USD a month per AZ plus data processing),
    // several times the cost of the task itself; a public IPv4 address costs about 3.6 USD a month.
    // The database, when the stack creates one, sits in isolated subnets with no internet route.
    const subnetConfiguration: ec2.SubnetConfiguration[] = [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
    ];
    if (useRds) {
      subnetConfiguration.push({ name: 'db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 });
    }
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.40.0.0/16'),
      availabilityZones: [...props.availabilityZones],
      natGateways: 0,
      subnetConfiguration,
      // Locking down the default security group needs a Lambda-backed custom resource (an asset to
      // publish); nothing in this stack uses the default group, so leave it as AWS creates it.
      restrictDefaultSecurityGroup: false,
    });
    // The zones are named on purpose (see readBoksupContext), so cfn-lint's "hardcoded AZ" warning is
    // expected here; CDK acknowledges the same rule for zones that come from the stack's AZ list.
    for (const subnet of [...vpc.publicSubnets, ...vpc.isolatedSubnets]) {
      const cfnSubnet = subnet.node.defaultChild as ec2.CfnSubnet;
      cfnSubnet.addMetadata('cfn-lint', { config: { ignore_checks: ['W3010'] } });
    }

    // Image registry. Tags are immutable: a git tag always names the same image, which is what makes
    // the deployment circuit breaker's rollback to the previous task definition meaningful.
    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: props.repositoryName,
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      lifecycleRules: [
        { description: `Keep the last ${props.keepImages} images`, maxImageCount: props.keepImages },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    this.logGroup = new logs.LogGroup(this, 'BotLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The task's security group: no inbound rule, and outbound only HTTPS (Discord's gateway and REST, ECR,
    // Secrets Manager, CloudWatch Logs) and the database's port. DNS lookups go to the VPC's resolver, which
    // security groups do not filter.
    this.serviceSecurityGroup = new ec2.SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc,
      description: 'boksup bot tasks: outbound HTTPS and PostgreSQL only, no inbound traffic',
      allowAllOutbound: false,
    });
    this.serviceSecurityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'HTTPS: Discord gateway and REST, ECR, Secrets Manager, CloudWatch Logs',
    );

    // Discord bot token. Either an existing secret (by name) or one this stack creates without a value;
    // the operator stores the token once with `aws secretsmanager put-secret-value` (see README). No
    // placeholder value is ever written into the template.
    const discordToken = props.discordTokenSecretName
      ? secretsmanager.Secret.fromSecretNameV2(this, 'DiscordToken', props.discordTokenSecretName)
      : this.createEmptySecret('DiscordToken', 'boksup Discord bot token (set with put-secret-value)');
    // Kept when the stack is deleted: a recreated stack should not need the token stored again by hand.
    if (discordToken instanceof secretsmanager.Secret) discordToken.applyRemovalPolicy(RemovalPolicy.RETAIN);

    const secrets: Record<string, ecs.Secret> = {
      DISCORD_TOKEN: ecs.Secret.fromSecretsManager(discordToken),
    };
    const environment: Record<string, string> = {
      NODE_ENV: 'production',
      HEALTH_PORT: String(HEALTH_PORT),
      LOG_LEVEL: 'info',
      DEFAULT_TIMEZONE: 'Asia/Seoul',
    };
    if (props.guildId) environment.GUILD_ID = props.guildId;

    if (props.database.kind === 'rds') {
      const dbSecurityGroup = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', {
        vpc,
        description: 'boksup PostgreSQL: 5432 from the bot tasks only',
        allowAllOutbound: false,
      });
      dbSecurityGroup.addIngressRule(
        this.serviceSecurityGroup,
        ec2.Port.tcp(5432),
        'PostgreSQL from the boksup bot tasks',
      );
      this.serviceSecurityGroup.addEgressRule(dbSecurityGroup, ec2.Port.tcp(5432), 'PostgreSQL (RDS)');

      // Generated credentials. dbname is put into the secret here because the secret attachment only
      // adds host, port, engine and the instance identifier, and PGDATABASE is read from the secret.
      const credentialsSecret = new rds.DatabaseSecret(this, 'DatabaseCredentials', {
        username: 'boksup',
        dbname: 'boksup',
      });
      // The instance leaves a final snapshot when the stack is deleted (removalPolicy SNAPSHOT below); the
      // password it holds lives only in this secret, so the secret outlives the stack as well.
      credentialsSecret.applyRemovalPolicy(RemovalPolicy.RETAIN);

      const database = new rds.DatabaseInstance(this, 'Database', {
        // A full minor version: RDS no longer creates instances from the bare major "16". Minor
        // upgrades after creation are applied by RDS itself (autoMinorVersionUpgrade).
        engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_13 }),
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.BURSTABLE4_GRAVITON, ec2.InstanceSize.MICRO),
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        securityGroups: [dbSecurityGroup],
        publiclyAccessible: false,
        multiAz: false,
        databaseName: 'boksup',
        credentials: rds.Credentials.fromSecret(credentialsSecret),
        allocatedStorage: 20,
        maxAllocatedStorage: 100,
        storageType: rds.StorageType.GP3,
        storageEncrypted: true,
        backupRetention: Duration.days(7),
        deletionProtection: props.database.deletionProtection,
        removalPolicy: RemovalPolicy.SNAPSHOT,
        autoMinorVersionUpgrade: true,
      });
      this.database = database;
      const dbSecret = database.secret;
      if (!dbSecret) throw new Error('RDS instance has no generated secret');

      // DATABASE_URL cannot be assembled from secret fields by ECS, so the task gets the libpq-style
      // variables instead; the bot builds its connection from them when DATABASE_URL is absent. The
      // secret referenced is the one attached to the instance, so host and port are filled in before
      // the service starts.
      secrets.PGHOST = ecs.Secret.fromSecretsManager(dbSecret, 'host');
      secrets.PGPORT = ecs.Secret.fromSecretsManager(dbSecret, 'port');
      secrets.PGUSER = ecs.Secret.fromSecretsManager(dbSecret, 'username');
      secrets.PGPASSWORD = ecs.Secret.fromSecretsManager(dbSecret, 'password');
      secrets.PGDATABASE = ecs.Secret.fromSecretsManager(dbSecret, 'dbname');
      // RDS for PostgreSQL 16 rejects unencrypted connections (rds.force_ssl defaults to 1). The bot's
      // configuration turns PGSSLMODE into the URL's sslmode (postgres.js reads no variable itself).
      environment.PGSSLMODE = 'require';
    } else {
      const ref = props.database.databaseUrlSecret;
      const databaseUrl = ref.startsWith('arn:')
        ? secretsmanager.Secret.fromSecretCompleteArn(this, 'DatabaseUrl', ref)
        : secretsmanager.Secret.fromSecretNameV2(this, 'DatabaseUrl', ref);
      // The whole secret string is the URL.
      secrets.DATABASE_URL = ecs.Secret.fromSecretsManager(databaseUrl);
      this.serviceSecurityGroup.addEgressRule(
        ec2.Peer.anyIpv4(),
        ec2.Port.tcp(props.database.port),
        'PostgreSQL (the existing database)',
      );
    }

    // X86_64: CI builds on amd64 runners natively; Graviton would be ~20% cheaper on Fargate but needs
    // an emulated (slow) or separate arm64 build. 256 CPU units / 512 MiB is the smallest valid Fargate
    // pair and leaves room above the bot's ~150 MB.
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });

    taskDefinition.addContainer('bot', {
      containerName: 'bot',
      image: ecs.ContainerImage.fromEcrRepository(this.repository, props.imageTag ?? NO_IMAGE_TAG),
      essential: true,
      // Nothing in the image is written at run time (the container check runs it read-only too).
      readonlyRootFilesystem: true,
      environment,
      secrets,
      logging: ecs.LogDrivers.awsLogs({
        logGroup: this.logGroup,
        streamPrefix: 'bot',
        // Never block the event loop on CloudWatch: drop log lines rather than stall the gateway.
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(25),
      }),
      healthCheck: {
        command: ['CMD-SHELL', HEALTH_CHECK_SCRIPT],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        // As the image's own HEALTHCHECK: migrations, the gateway login and command registration come first.
        startPeriod: Duration.seconds(60),
      },
      // Time between SIGTERM and SIGKILL for the bot to close the gateway and finish open work.
      stopTimeout: Duration.seconds(30),
      // Declared for the health endpoint only; the security group admits no inbound traffic.
      portMappings: [{ name: 'health', containerPort: HEALTH_PORT, protocol: ecs.Protocol.TCP }],
    });

    // Deployment: start the new task before stopping the old one (min 100 / max 200). For a moment two
    // bots are connected; the bot claims each interaction in the database, so only one answers. The
    // circuit breaker rolls back to the previous task definition if the new tasks never become healthy.
    // Plain FARGATE rather than FARGATE_SPOT: a single gateway connection should not be interrupted.
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition,
      desiredCount: props.desiredCount,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [this.serviceSecurityGroup],
      enableExecuteCommand: props.enableExecuteCommand,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });

    if (props.desiredCount === 0) {
      Annotations.of(this).addInfo('desiredCount is 0: the service is created without running tasks.');
    }

    const alarmTopic = this.addAlarms(props.alarmEmail);

    new CfnOutput(this, 'RepositoryUri', {
      value: this.repository.repositoryUri,
      description: 'ECR repository for the bot image',
    });
    new CfnOutput(this, 'ClusterName', { value: this.cluster.clusterName, description: 'ECS cluster' });
    new CfnOutput(this, 'ServiceName', { value: this.service.serviceName, description: 'ECS service' });
    new CfnOutput(this, 'LogGroupName', {
      value: this.logGroup.logGroupName,
      description: 'CloudWatch Logs group of the bot',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: alarmTopic.topicArn,
      description: 'SNS topic of the alarms (subscribe to be told)',
    });
    new CfnOutput(this, 'DiscordTokenSecretArn', {
      value: discordToken.secretArn,
      description: 'Secret holding the Discord bot token',
    });
    if (this.database?.secret) {
      new CfnOutput(this, 'DatabaseSecretArn', {
        value: this.database.secret.secretArn,
        description: 'Generated RDS credentials (host, port, username, password, dbname)',
      });
    }
  }

  /**
   * Two alarms into one SNS topic: fewer tasks running than desired for 5 of the last 10 minutes (a crash
   * loop, a task that cannot start or pull its image), and any `fatal` log line (start-up failed, the gateway
   * closed for good), counted by a metric filter on the JSON logs.
   */
  private addAlarms(email: string | undefined): sns.Topic {
    const topic = new sns.Topic(this, 'AlarmTopic', { displayName: 'boksup alarms' });
    if (email) topic.addSubscription(new snsSubscriptions.EmailSubscription(email));
    const action = new cloudwatchActions.SnsAction(topic);

    // Container Insights' task counts, per service.
    const taskCount = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'ECS/ContainerInsights',
        metricName,
        dimensionsMap: { ClusterName: this.cluster.clusterName, ServiceName: this.service.serviceName },
        statistic: cloudwatch.Stats.MINIMUM,
        period: Duration.minutes(1),
      });
    const tasksBelowDesired = new cloudwatch.Alarm(this, 'TasksBelowDesiredAlarm', {
      alarmDescription: 'boksup: fewer tasks running than desired for 5 of the last 10 minutes',
      metric: new cloudwatch.MathExpression({
        expression: 'desired - running',
        usingMetrics: { desired: taskCount('DesiredTaskCount'), running: taskCount('RunningTaskCount') },
        period: Duration.minutes(1),
        label: 'tasks missing',
      }),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      threshold: 1,
      evaluationPeriods: 10,
      datapointsToAlarm: 5,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });

    // pino writes the level as a label ({"level":"fatal",...}); see src/logger.ts.
    const fatalLines = this.logGroup.addMetricFilter('FatalLogLines', {
      filterPattern: logs.FilterPattern.stringValue('$.level', '=', 'fatal'),
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'FatalLogLines',
      metricValue: '1',
      defaultValue: 0,
    });
    const fatalAlarm = new cloudwatch.Alarm(this, 'FatalLogLinesAlarm', {
      alarmDescription: 'boksup: a fatal log line (start-up failed, or the gateway closed for good)',
      metric: fatalLines.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(1) }),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    for (const alarm of [tasksBelowDesired, fatalAlarm]) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    return topic;
  }

  /** A secret with no value at all (no generated random string, no placeholder in the template). */
  private createEmptySecret(id: string, description: string): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, id, { description });
    const cfn = secret.node.defaultChild as secretsmanager.CfnSecret;
    cfn.addPropertyDeletionOverride('GenerateSecretString');
    return secret;
  }
}

/** Everything `bin/boksup.ts` reads from CDK context (`--context key=value` or cdk.json). */
export interface BoksupContext {
  readonly account: string;
  readonly region: string;
  readonly stackProps: Omit<BoksupStackProps, keyof StackProps>;
}

export const PLACEHOLDER_ACCOUNT = '123456789012';
export const DEFAULT_REGION = 'ap-northeast-2';

function str(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function bool(node: Node, key: string, fallback: boolean): boolean {
  const text = str(node, key);
  if (text === undefined) return fallback;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new Error(`context ${key} must be true or false, got "${text}"`);
}

function int(node: Node, key: string, fallback: number, min: number): number {
  const text = str(node, key);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`context ${key} must be an integer >= ${min}, got "${text}"`);
  }
  return value;
}

/**
 * Reads the deployment parameters from context. Nothing here calls AWS: the account falls back to the
 * CLI's current credentials (CDK_DEFAULT_ACCOUNT, set by `cdk deploy`) and then to a placeholder that is
 * only good for `cdk synth`; the region defaults to Seoul; the AZs are named, not looked up.
 */
export function readBoksupContext(node: Node, env: NodeJS.ProcessEnv = process.env): BoksupContext {
  const account = str(node, 'account') ?? env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ACCOUNT;
  // Not CDK_DEFAULT_REGION: the CLI sets it to us-east-1 when no region is configured.
  const region = str(node, 'region') ?? DEFAULT_REGION;
  const azText = str(node, 'availabilityZones');
  const availabilityZones = azText
    ? azText.split(',').map((az) => az.trim())
    : // ap-northeast-2a and 2c are the long-standing Seoul zones; elsewhere a and b.
      region === DEFAULT_REGION
      ? [`${region}a`, `${region}c`]
      : [`${region}a`, `${region}b`];

  const kind = str(node, 'database') ?? 'rds';
  let database: DatabaseConfig;
  if (kind === 'rds') {
    database = { kind, deletionProtection: bool(node, 'dbDeletionProtection', true) };
  } else if (kind === 'existing') {
    const databaseUrlSecret = str(node, 'databaseUrlSecretArn');
    if (!databaseUrlSecret) {
      throw new Error('database=existing needs --context databaseUrlSecretArn=<secret ARN or name>');
    }
    database = { kind, databaseUrlSecret, port: int(node, 'databasePort', 5432, 1) };
  } else {
    throw new Error(`context database must be "rds" or "existing", got "${kind}"`);
  }

  return {
    account,
    region,
    stackProps: {
      database,
      // Required when tasks run (the stack refuses to synthesize without it); CI passes the git tag.
      imageTag: str(node, 'imageTag'),
      desiredCount: int(node, 'desiredCount', 1, 0),
      repositoryName: str(node, 'repositoryName') ?? 'boksup',
      keepImages: int(node, 'keepImages', 20, 1),
      availabilityZones,
      guildId: str(node, 'guildId'),
      discordTokenSecretName: str(node, 'discordTokenSecretName'),
      enableExecuteCommand: bool(node, 'enableExecuteCommand', false),
      alarmEmail: str(node, 'alarmEmail'),
    },
  };
}

/** The app's one stack, built from context; `bin/boksup.ts` and the tests both go through here. */
export function createBoksupStack(app: App, env: NodeJS.ProcessEnv = process.env): BoksupStack {
  const { account, region, stackProps } = readBoksupContext(app.node, env);
  const stack = new BoksupStack(app, 'Boksup', {
    env: { account, region },
    description: 'boksup Discord study bot: ECR, ECS Fargate service and its database',
    ...stackProps,
  });
  Tags.of(stack).add('project', 'boksup');
  return stack;
}
