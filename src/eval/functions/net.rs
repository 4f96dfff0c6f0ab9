//! IP network functions: cidrhost, cidrnetmask, cidrsubnet, cidrsubnets (IPv4 and IPv6).

use crate::model::Reason;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{R, num, s, strv};
use crate::model::{Node, Origin, Val};

pub fn call(name: &str, a: &[Node], at: Origin) -> Option<R> {
    let net = || {
        Net::parse(&s(a
            .first()
            .ok_or(Reason::from(format!("{name}() needs arguments")))?)?)
    };
    let n = |i: usize| {
        num(a
            .get(i)
            .ok_or(Reason::from(format!("{name}() needs {} arguments", i + 1)))?)
    };
    Some(match name {
        "cidrhost" => net().and_then(|p| p.host(n(1)?)).map(|s| Val::Str(s.into())),
        "cidrnetmask" => net().and_then(|p| p.netmask()).map(|s| Val::Str(s.into())),
        "cidrsubnet" => net()
            .and_then(|p| p.subnet(n(1)?, n(2)?))
            .map(|p| Val::Str(p.to_string().into())),
        "cidrsubnets" => net().and_then(|p| {
            let bits: Vec<f64> = a[1..].iter().map(num).collect::<Result<_, _>>()?;
            let nets = p.subnets(&bits)?;
            Ok(Val::List(
                nets.into_iter().map(|x| strv(x.to_string(), at)).collect(),
            ))
        }),
        _ => return None,
    })
}

/// A network: its first address, prefix length and address width (32 or 128).
#[derive(Clone, Copy)]
struct Net {
    addr: u128,
    len: u32,
    bits: u32,
}

impl Net {
    fn parse(x: &str) -> Result<Net, Reason> {
        let bad = || format!("invalid CIDR address \"{x}\"");
        let (ip, len) = x.split_once('/').ok_or_else(bad)?;
        let (addr, bits) = match ip.parse::<IpAddr>().map_err(|_| bad())? {
            IpAddr::V4(v) => (u128::from(u32::from(v)), 32),
            IpAddr::V6(v) => (u128::from(v), 128),
        };
        let len: u32 = len.parse().map_err(|_| bad())?;
        if len > bits || len.to_string() != x.split_once('/').map_or("", |p| p.1) {
            return Err(bad().into());
        }
        Ok(Net {
            addr: addr & mask(len, bits),
            len,
            bits,
        })
    }

    fn size_bits(&self) -> u32 {
        self.bits - self.len
    }

    fn ip(&self, a: u128) -> String {
        if self.bits == 32 {
            Ipv4Addr::from(a as u32).to_string()
        } else {
            Ipv6Addr::from(a).to_string()
        }
    }

    /// Host `n` of the network; negative counts back from the last address.
    fn host(&self, n: f64) -> Result<String, Reason> {
        let size = 1u128.checked_shl(self.size_bits());
        let fits = n.fract() == 0.0
            && match size {
                Some(sz) => n.abs() < sz as f64 || (n < 0.0 && -n <= sz as f64),
                None => true,
            };
        if !fits {
            return Err(format!("cidrhost(): prefix {} has no host number {n}", self).into());
        }
        let a = if n >= 0.0 {
            self.addr + n as u128
        } else {
            self.last().wrapping_add(1).wrapping_sub((-n) as u128)
        };
        Ok(self.ip(a))
    }

    fn last(&self) -> u128 {
        self.addr | !mask(self.len, self.bits) & width(self.bits)
    }

    fn netmask(&self) -> Result<String, Reason> {
        if self.bits != 32 {
            return Err("cidrnetmask(): only IPv4 prefixes have a netmask".into());
        }
        Ok(self.ip(mask(self.len, 32)))
    }

    fn subnet(&self, newbits: f64, netnum: f64) -> Result<Net, Reason> {
        let len = self.len as f64 + newbits;
        if newbits < 0.0 || newbits.fract() != 0.0 || len > self.bits as f64 {
            return Err(format!("cidrsubnet(): {newbits} more bits do not fit in {}", self).into());
        }
        let len = len as u32;
        if netnum < 0.0 || netnum.fract() != 0.0 || netnum >= 2f64.powi(newbits as i32) {
            return Err(format!("cidrsubnet(): {netnum} is not a subnet number of {newbits} bits").into());
        }
        let addr = self.addr | (netnum as u128).checked_shl(self.bits - len).unwrap_or(0);
        Ok(Net {
            addr,
            len,
            bits: self.bits,
        })
    }

    /// Consecutive subnets, each aligned to its size, as go-cidr's NextSubnet allocates them.
    fn subnets(&self, newbits: &[f64]) -> Result<Vec<Net>, Reason> {
        let Some(first) = newbits.first() else {
            return Ok(Vec::new());
        };
        let w = width(self.bits);
        let len_of = |b: f64| -> Result<u32, Reason> {
            let l = self.len as f64 + b;
            if b < 1.0 || b.fract() != 0.0 || l > self.bits as f64 {
                return Err(format!("cidrsubnets(): {b} more bits do not fit in {}", self).into());
            }
            Ok(l as u32)
        };
        // The block just before the network, at the first length.
        let l0 = len_of(*first)?;
        let mut cur = Net {
            addr: self.addr.wrapping_sub(1) & w & mask(l0, self.bits),
            len: l0,
            bits: self.bits,
        };
        let mut out = Vec::new();
        for b in newbits {
            let len = len_of(*b)?;
            let block = Net {
                addr: cur.last() & mask(len, self.bits),
                len,
                bits: self.bits,
            };
            let next = block.last().wrapping_add(1) & w;
            if next == 0 || next & mask(self.len, self.bits) != self.addr {
                return Err(format!("cidrsubnets(): not enough remaining address space in {}", self).into());
            }
            cur = Net {
                addr: next,
                len,
                bits: self.bits,
            };
            out.push(cur);
        }
        Ok(out)
    }
}

impl std::fmt::Display for Net {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}/{}", self.ip(self.addr), self.len)
    }
}

fn width(bits: u32) -> u128 {
    if bits == 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    }
}

/// The network mask of a prefix length, as an address.
fn mask(len: u32, bits: u32) -> u128 {
    width(bits) & !width(bits).checked_shr(len).unwrap_or(0)
}
