import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { TerraformIterator, Token } from 'cdktf';
import { Construct } from 'constructs';
import { refuseInvalidProps } from '../config-errors';
import type { HostedZone } from './hosted-zone';
import { validateDomainCertificateProps } from './validation';

/** Properties for {@link DomainCertificate}. */
export interface DomainCertificateProps {
  /** The zone the validation records go into. */
  readonly zone: HostedZone;
  /** Names of the certificate: the first is its domain name, the others its alternative names. */
  readonly hostnames: readonly string[];
}

/** TTL of the ACM validation CNAMEs: short, as ACM only needs them while it (re)validates. */
export const VALIDATION_RECORD_TTL = 300;

/**
 * An ACM certificate for the environment's hostnames, validated by DNS records in its zone. ACM gives one validation
 * record per distinct name; `app.example.com` and `*.app.example.com` share one, hence `allow_overwrite`. Public
 * ACM certificates are free and renew themselves as long as the records stay.
 * @see https://registry.terraform.io/providers/hashicorp/aws/6.25.0/docs/resources/acm_certificate_validation
 */
export class DomainCertificate extends Construct {
  public readonly certificate: AcmCertificate;
  public readonly validationRecords: Route53Record;
  public readonly validation: AcmCertificateValidation;
  /** The certificate's ARN read from the validation: whatever uses it waits until ACM has issued it. */
  public readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: DomainCertificateProps) {
    super(scope, id);
    const { zoneName } = props.zone;
    refuseInvalidProps(this, at => validateDomainCertificateProps({ zoneName, hostnames: props.hostnames }, at));
    const [domainName, ...alternativeNames] = props.hostnames;
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
      zoneId: props.zone.zone.zoneId,
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
