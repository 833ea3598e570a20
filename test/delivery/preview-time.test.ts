/** PREVIEW_EXPIRES (and --now) as strict RFC 3339; the refusal of a past expiry is previewFromEnvironment's (preview.test.ts). */
import { DeliveryError, parseTime } from '../../lib';

const FORM = 'expected an RFC 3339 time with a zone, e.g. 2030-01-01T12:00:00Z';

describe('parseTime', () => {
  test.each([
    ['2030-01-01T00:00:00Z', '2030-01-01T00:00:00.000Z'],
    ['2030-01-01t00:00:00z', '2030-01-01T00:00:00.000Z'],
    ['2030-01-01T02:30:00+02:30', '2030-01-01T00:00:00.000Z'],
    ['2029-12-31T19:00:00-05:00', '2030-01-01T00:00:00.000Z'],
    ['2030-01-01T00:00:00.250Z', '2030-01-01T00:00:00.250Z'],
    ['2028-02-29T12:00:00Z', '2028-02-29T12:00:00.000Z'],
    ['2000-02-29T12:00:00Z', '2000-02-29T12:00:00.000Z'],
  ])('reads %s', (value, iso) => {
    expect(parseTime('PREVIEW_EXPIRES', value).toISOString()).toBe(iso);
  });

  test.each([
    ['2030-02-30T10:00:00Z', '2030-02 has 28 days, not 30'],
    ['2029-02-29T10:00:00Z', '2029-02 has 28 days, not 29'],
    ['2100-02-29T10:00:00Z', '2100-02 has 28 days, not 29'],
    ['2030-04-31T10:00:00Z', '2030-04 has 30 days, not 31'],
    ['2030-13-01T10:00:00Z', 'month 13 does not exist'],
    ['2030-00-10T10:00:00Z', 'month 00 does not exist'],
    ['2030-01-00T10:00:00Z', '2030-01 has 31 days, not 0'],
    ['2030-01-01T24:00:00Z', 'hour 24 does not exist (00 to 23)'],
    ['2030-01-01T10:60:00Z', 'minute 60 does not exist (00 to 59)'],
    ['2030-01-01T10:00:60Z', 'second 60 does not exist (00 to 59)'],
    ['2030-01-01T10:00:00+24:00', 'zone offset +24:00 does not exist'],
    ['2030-01-01T10:00Z', 'not of the form YYYY-MM-DDThh:mm:ss[.fraction] followed by Z or ±hh:mm'],
    ['2030-01-01T10:00:00', 'not of the form YYYY-MM-DDThh:mm:ss[.fraction] followed by Z or ±hh:mm'],
    ['next week', 'not of the form YYYY-MM-DDThh:mm:ss[.fraction] followed by Z or ±hh:mm'],
  ])('fails when the time is %s', (value, why) => {
    expect(() => parseTime('PREVIEW_EXPIRES', value)).toThrow(new DeliveryError(`PREVIEW_EXPIRES is "${value}"; ${why}; ${FORM}`));
  });

  test.each(['1893456000', '1893456000000', '0', '-1', '1.5'])('fails when the time is the number %s', (value) => {
    expect(() => parseTime('PREVIEW_EXPIRES', value)).toThrow(new DeliveryError(`PREVIEW_EXPIRES is "${value}"; a number is refused: seconds and `
      + 'milliseconds since the epoch cannot be told apart (print one as a time with `date -u -d @<seconds> +%Y-%m-%dT%H:%M:%SZ`); '
      + FORM));
  });
});
