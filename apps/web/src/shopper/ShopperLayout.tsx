import { Link, NavLink, Outlet } from 'react-router';
import { BrandMark } from '../ui/BrandMark.tsx';
import { Icon, type IconName } from '../ui/Icon.tsx';

const NAV: { to: string; label: string; icon: IconName }[] = [
  { to: '/', label: 'Home', icon: 'home' },
  { to: '/rewards', label: 'Rewards', icon: 'gift' },
  { to: '/card', label: 'Scan', icon: 'qr' },
  { to: '/history', label: 'History', icon: 'history' },
  { to: '/account', label: 'Account', icon: 'user' },
];

/** Header with the brand; a bottom tab bar on phones, top links on wider screens. */
export function ShopperLayout() {
  return (
    <div className="shopper">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="shopper-header">
        <div className="shopper-header-inner">
          <Link to="/" className="brand">
            <BrandMark /> Rewards
          </Link>
          <nav className="top-nav" aria-label="Main">
            {NAV.map((item) => (
              <NavLink key={item.to} to={item.to} end={item.to === '/'}>
                {item.label}
              </NavLink>
            ))}
          </nav>
        </div>
      </header>
      <main id="main" className="shopper-main">
        <Outlet />
      </main>
      <nav className="bottom-nav" aria-label="Main (tabs)">
        {NAV.map((item) => (
          <NavLink key={item.to} to={item.to} end={item.to === '/'}>
            <Icon name={item.icon} />
            {item.label}
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
