//! The one datum the API stores locations in: WGS-84. A location given in GCJ-02 (Amap, Tencent
//! Maps) or BD-09 (Baidu Maps) is converted on submission with the published transforms
//! (the `coordtransform` crate; they are approximations of about a metre, and apply only inside
//! mainland China, where every filed terminal is).

use filing_core::rules::{self, Datum};
use filing_core::FilingInput;

/// A validated filing with its location in WGS-84.
pub fn to_stored(mut input: FilingInput) -> FilingInput {
    let Some((lat, lon)) = rules::location_degrees(&input.location) else {
        input.location_datum = Datum::Wgs84;
        return input;
    };
    let (lon, lat) = match input.location_datum {
        Datum::Wgs84 => (lon, lat),
        Datum::Gcj02 => coordtransform::gcj02_to_wgs84(lon, lat),
        Datum::Bd09 => coordtransform::bd09_to_wgs84(lon, lat),
    };
    input.location = rules::location_wire(lat, lon);
    input.location_datum = Datum::Wgs84;
    input
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(location: &str, datum: Datum) -> FilingInput {
        to_stored(FilingInput {
            location: location.into(),
            location_datum: datum,
            ..FilingInput::default()
        })
    }

    /// Reference points: 天安门 in WGS-84 and what Amap (GCJ-02) and Baidu (BD-09) show for it,
    /// from the published transforms; stored back in WGS-84 to the wire's precision.
    #[test]
    fn map_datums_are_stored_as_wgs84() {
        let wgs = at("+39.915000/+116.40400", Datum::Wgs84);
        assert_eq!(wgs.location, "+39.915000/+116.40400");
        let (glon, glat) = coordtransform::wgs84_to_gcj02(116.404, 39.915);
        assert!(
            (glon - 116.410_244_499_169_38).abs() < 1e-9
                && (glat - 39.916_404_281_501_64).abs() < 1e-9
        );
        let gcj = at(&rules::location_wire(glat, glon), Datum::Gcj02);
        assert_eq!(gcj.location_datum, Datum::Wgs84);
        assert_eq!(
            gcj.location, "+39.915000/+116.40400",
            "a round trip through GCJ-02"
        );
        let (blon, blat) = coordtransform::wgs84_to_bd09(116.404, 39.915);
        let bd = at(&rules::location_wire(blat, blon), Datum::Bd09);
        assert_eq!(
            bd.location, "+39.915000/+116.40400",
            "a round trip through BD-09"
        );
    }

    #[test]
    fn the_offsets_are_hundreds_of_metres_so_the_datum_matters() {
        let gcj = at("+31.228458/+121.47822", Datum::Gcj02);
        let (lat, lon) = rules::location_degrees(&gcj.location).unwrap();
        // 上海 人民广场: WGS-84 is about 0.0045° west and 0.0020° south of what Amap shows.
        assert!((lon - 121.4737).abs() < 2e-5, "{lon}");
        assert!((lat - 31.2304).abs() < 2e-5, "{lat}");
        assert!(at("", Datum::Bd09).location.is_empty());
    }
}
