import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Construct } from 'constructs';
import { arn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import { refuseInvalidProps } from '../config-errors';
import { validateHostedZoneProps } from './validation';

/** Properties for {@link HostedZone}. */
export interface HostedZoneProps {
  /** Name of an existing public zone, e.g. `example.com`. */
  readonly zoneName: string;
  /** The platform region: its partition is the zone ARN's. */
  readonly region: string;
}

/** The environment's public Route 53 zone, looked up at plan (never created: the domain's delegation is not ours). */
export class HostedZone extends Construct {
  public readonly zone: DataAwsRoute53Zone;
  public readonly zoneName: string;
  /** `arn:<partition>:route53:::hostedzone/<id>`: the one zone external-dns may change. */
  public readonly zoneArn: string;

  constructor(scope: Construct, id: string, props: HostedZoneProps) {
    super(scope, id);
    refuseInvalidProps(this, at => validateHostedZoneProps(props, at));
    this.zoneName = props.zoneName;
    this.zone = new DataAwsRoute53Zone(this, 'zone', { name: props.zoneName, privateZone: false });
    this.zoneArn = arn({ service: 'route53', resource: `hostedzone/${this.zone.zoneId}` }, awsPartition(props.region));
  }
}
