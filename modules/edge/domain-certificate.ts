import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { TerraformIterator, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { DomainConfig } from '../../environments/types';

/** Properties for {@link DomainCertificate}. */
export interface DomainCertificateProps {
  readonly domain: DomainConfig;
}

/** TTL of the ACM validation CNAMEs: short, as ACM only needs them while it (re)validates. */
export const VALIDATION_RECORD_TTL = 300;

/**
 * The environment's public zone (looked up, never created) and an ACM certificate for its hostnames, validated by
 * DNS records in that zone. ACM gives one validation record per distinct name; `app.example.com` and
 * `*.app.example.com` share one, hence `allow_overwrite`. Public ACM certificates are free and renew themselves as
 * long as the records stay.
 * @see https://registry.terraform.io/providers/hashicorp/aws/6.25.0/docs/resources/acm_certificate_validation
 */
export class DomainCertificate extends Construct {
  public readonly zone: DataAwsRoute53Zone;
  public readonly certificate: AcmCertificate;
  public readonly validationRecords: Route53Record;
  public readonly validation: AcmCertificateValidation;
  /** The certificate's ARN read from the validation: whatever uses it waits until ACM has issued it. */
  public readonly certificateArn: string;
  /** `arn:aws:route53:::hostedzone/<id>` of the zone. */
  public readonly zoneArn: string;

  constructor(scope: Construct, id: string, props: DomainCertificateProps) {
    super(scope, id);
    const [domainName, ...alternativeNames] = props.domain.hostnames;
    this.zone = new DataAwsRoute53Zone(this, 'zone', { name: props.domain.zoneName, privateZone: false });
    this.zoneArn = `arn:aws:route53:::hostedzone/${this.zone.zoneId}`;
    this.certificate = new AcmCertificate(this, 'certificate', {
      domainName,
      subjectAlternativeNames: alternativeNames.length > 0 ? alternativeNames : undefined,
      validationMethod: 'DNS',
      // a hostname change replaces the certificate: the new one is issued before the listener lets the old one go
      lifecycle: { createBeforeDestroy: true },
    });
    // domain_validation_options is a set: keyed by domain_name (known at plan), one record per name
    const options = TerraformIterator.fromComplexList(this.certificate.domainValidationOptions, 'domain_name');
    this.validationRecords = new Route53Record(this, 'validation-record', {
      forEach: options,
      zoneId: this.zone.zoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: VALIDATION_RECORD_TTL,
      allowOverwrite: true,
    });
    this.validation = new AcmCertificateValidation(this, 'validation', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(
        TerraformIterator.fromResources(this.validationRecords).pluckProperty('fqdn'),
      ),
    });
    this.certificateArn = this.validation.certificateArn;
  }
}
