//! CPython's `random.Random` (Mersenne Twister MT19937), bit for bit, for the calls that
//! langdetect's `Detector` makes: `seed(int)`, `random()`, `gauss()` (Python 3.11's, with its
//! cached second value), `getrandbits(k)` and `choice()` (through
//! `_randbelow_with_getrandbits`). The C parts follow `Modules/_randommodule.c`, the Python
//! parts `Lib/random.py`.

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;
/// `random.TWOPI`.
const TWOPI: f64 = 2.0 * std::f64::consts::PI;

/// The state of one `random.Random` instance.
#[derive(Clone)]
pub struct PyRandom {
    mt: [u32; N],
    index: usize,
    gauss_next: Option<f64>,
}

impl PyRandom {
    /// `random.Random(seed)` for a non-negative integer seed below 2**64.
    pub fn new(seed: u64) -> Self {
        let mut r = PyRandom {
            mt: [0; N],
            index: N,
            gauss_next: None,
        };
        r.seed(seed);
        r
    }

    /// `Random.seed(a)` for an int: its absolute value split into 32-bit words, least
    /// significant first (one word for 0), through `init_by_array`; `gauss_next` is reset.
    pub fn seed(&mut self, seed: u64) {
        let key: Vec<u32> = if seed >> 32 == 0 {
            vec![seed as u32]
        } else {
            vec![seed as u32, (seed >> 32) as u32]
        };
        self.init_by_array(&key);
        self.gauss_next = None;
    }

    fn init_genrand(&mut self, s: u32) {
        self.mt[0] = s;
        for i in 1..N {
            let prev = self.mt[i - 1];
            self.mt[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
        }
        self.mt[0] = 0x8000_0000;
    }

    /// `genrand_uint32`: the next 32 random bits. Inlined into the callers (a detection draws
    /// thousands), the refill of the state every 624 draws out of line.
    #[inline(always)]
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.refill();
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// The next 624 words of the state (the first half of `genrand_uint32`).
    #[cold]
    #[inline(never)]
    fn refill(&mut self) {
        let mag = |y: u32| if y & 1 == 1 { MATRIX_A } else { 0 };
        let mt = &mut self.mt;
        for kk in 0..N - M {
            let y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
            mt[kk] = mt[kk + M] ^ (y >> 1) ^ mag(y);
        }
        for kk in N - M..N - 1 {
            let y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
            mt[kk] = mt[kk + M - N] ^ (y >> 1) ^ mag(y);
        }
        let y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
        mt[N - 1] = mt[M - 1] ^ (y >> 1) ^ mag(y);
        self.index = 0;
    }

    /// `random()`: `genrand_res53`, a float in [0, 1) with 53 random bits.
    pub fn random(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (a as f64 * 67_108_864.0 + b as f64) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)` for `k <= 32` (the only sizes a `choice` below 2**32 asks for).
    #[inline(always)]
    pub fn getrandbits(&mut self, k: u32) -> u32 {
        assert!(k <= 32, "getrandbits above 32 bits is not needed here");
        if k == 0 {
            return 0;
        }
        self.next_u32() >> (32 - k)
    }

    /// `_randbelow_with_getrandbits(n)`: a uniform integer in [0, n), `n > 0`.
    #[inline(always)]
    pub fn randbelow(&mut self, n: u32) -> u32 {
        let k = 32 - n.leading_zeros(); // n.bit_length()
        let mut r = self.getrandbits(k);
        while r >= n {
            r = self.getrandbits(k);
        }
        r
    }

    /// The index that `choice(seq)` picks in a sequence of `len` items (`len > 0`).
    #[inline(always)]
    pub fn choice_index(&mut self, len: usize) -> usize {
        let n = u32::try_from(len).expect("a sequence shorter than 2**32");
        self.randbelow(n) as usize
    }

    /// `gauss(mu, sigma)` of Python 3.11: Box–Muller with the second value kept for the next
    /// call. `log`, `cos`, `sin` and `sqrt` are the C library's, as `math`'s are.
    pub fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        let z = match self.gauss_next.take() {
            Some(z) => z,
            None => {
                let x2pi = self.random() * TWOPI;
                let g2rad = (-2.0 * (1.0 - self.random()).ln()).sqrt();
                self.gauss_next = Some(x2pi.sin() * g2rad);
                x2pi.cos() * g2rad
            }
        };
        mu + z * sigma
    }
}

#[cfg(test)]
mod tests {
    //! Every expected value below was printed by CPython 3.11.7's `random` module, e.g.
    //! `r = random.Random(0); [r.getrandbits(32) for _ in range(5)]`; floats as their bits
    //! (`struct.unpack("<Q", struct.pack("<d", x))`).
    use super::*;

    #[test]
    fn getrandbits_32_after_seed_0() {
        let mut r = PyRandom::new(0);
        let got: Vec<u32> = (0..5).map(|_| r.getrandbits(32)).collect();
        assert_eq!(
            got,
            [3626764237, 1654615998, 3255389356, 3823568514, 1806341205]
        );
        // past the first refill of the 624-word state
        let mut r = PyRandom::new(0);
        for _ in 0..700 {
            r.getrandbits(32);
        }
        assert_eq!(r.getrandbits(32), 2140787315);
    }

    #[test]
    fn random_after_seed_0() {
        let mut r = PyRandom::new(0);
        let got: Vec<u64> = (0..3).map(|_| r.random().to_bits()).collect();
        assert_eq!(
            got,
            [0x3feb0580f98a7dbe, 0x3fe84129978f9c1a, 0x3fdaeaa51052e978]
        );
    }

    #[test]
    fn gauss_after_seed_0() {
        let mut r = PyRandom::new(0);
        let got: Vec<u64> = (0..5).map(|_| r.gauss(0.0, 1.0).to_bits()).collect();
        assert_eq!(
            got,
            [
                0x3fee22885827c580,
                0xbff6586248600484,
                0xbfe5c03883a3b23f,
                0x3fd7b6549852df0c,
                0xbff042f70eddd104
            ]
        );
    }

    #[test]
    fn choice_after_seed_0() {
        // r = random.Random(0); [r.choice(range(n)) for n in (1, 2, 3, 5, 7, 100, 1000, 12345, 29999)]
        let mut r = PyRandom::new(0);
        let got: Vec<usize> = [1, 2, 3, 5, 7, 100, 1000, 12345, 29999]
            .iter()
            .map(|&n| r.choice_index(n))
            .collect();
        assert_eq!(got, [0, 1, 0, 2, 4, 62, 414, 4969, 15617]);
    }

    #[test]
    fn gauss_cache_interleaved_with_choice_and_random() {
        // for _ in range(3): gauss(0.0, 1.0), choice(range(37)), random()
        let mut r = PyRandom::new(0);
        let mut floats = Vec::new();
        let mut picks = Vec::new();
        for _ in 0..3 {
            floats.push(r.gauss(0.0, 1.0).to_bits());
            picks.push(r.choice_index(37));
            floats.push(r.random().to_bits());
        }
        assert_eq!(picks, [26, 32, 30]);
        assert_eq!(
            floats,
            [
                0x3fee22885827c580,
                0x3fa4ba5e50921780,
                0xbff6586248600484,
                0x3fdf19707b3d4e1a,
                0x3ffa39cae4fff01a,
                0x3fd6ea47ecaac432
            ]
        );
    }

    #[test]
    fn reseeding_resets_the_gauss_cache() {
        let mut r = PyRandom::new(0);
        let first = r.gauss(0.0, 1.0);
        r.seed(0);
        assert_eq!(r.gauss(0.0, 1.0).to_bits(), first.to_bits());
    }
}
