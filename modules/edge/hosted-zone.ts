import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Construct } from 'constructs';

/** Properties for {@link HostedZone}. */
export interface HostedZoneProps {
  /** Name of an existing public zone, e.g. `example.com`. */
  readonly zoneName: string;
}

/** The environment's public Route 53 zone, looked up at plan (never created: the domain's delegation is not ours). */
export class HostedZone extends Construct {
  public readonly zone: DataAwsRoute53Zone;
  public readonly zoneName: string;
  /** `arn:aws:route53:::hostedzone/<id>`: the one zone external-dns may change. */
  public readonly zoneArn: string;

  constructor(scope: Construct, id: string, props: HostedZoneProps) {
    super(scope, id);
    this.zoneName = props.zoneName;
    this.zone = new DataAwsRoute53Zone(this, 'zone', { name: props.zoneName, privateZone: false });
    this.zoneArn = `arn:aws:route53:::hostedzone/${this.zone.zoneId}`;
  }
}
