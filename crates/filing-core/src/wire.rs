//! Serde for enums that travel as one of a fixed set of strings: one table lookup each way,
//! instead of derive's per-variant matchers for strings, bytes and integers. Same wire format,
//! noticeably less code in the widget's WebAssembly.

/// Implements `Serialize` / `Deserialize` for `$ty` through `$name(self) -> &'static str` and
/// `$parse(&str) -> Option<$ty>`; with the `openapi` feature, also its schema: a string that is
/// one of the names of `$all`.
macro_rules! serde_as_str {
    ($ty:ty, $all:expr, $name:expr, $parse:expr) => {
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $ty {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some($all.iter().map(|v| $name(*v))))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $ty {}

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($name(*self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(d)?;
                $parse(&s).ok_or_else(|| {
                    <D::Error as serde::de::Error>::custom(format_args!("unknown value `{s}`"))
                })
            }
        }
    };
}

pub(crate) use serde_as_str;

/// An enum whose wire form is a fixed name per variant: the enum, `ALL`, `name`, `from_name`,
/// serde as that string, and its OpenAPI schema (the list of names).
macro_rules! wire_enum {
    ($(#[$meta:meta])* pub enum $ty:ident { $($(#[$vmeta:meta])* $variant:ident = $name:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $ty {
            $($(#[$vmeta])* $variant,)+
        }

        impl $ty {
            pub const ALL: [$ty; [$($name),+].len()] = [$($ty::$variant),+];

            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)+
                }
            }

            pub fn from_name(name: &str) -> Option<$ty> {
                $crate::wire::lookup(&$ty::ALL, $ty::name, name)
            }
        }

        $crate::wire::serde_as_str!($ty, $ty::ALL, $ty::name, $ty::from_name);
    };
}

pub(crate) use wire_enum;

/// The position of `s` in `names`, mapped through `all`.
pub(crate) fn lookup<T: Copy>(all: &[T], name: fn(T) -> &'static str, s: &str) -> Option<T> {
    all.iter().copied().find(|v| name(*v) == s)
}
