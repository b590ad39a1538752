import { useEffect, useState } from 'react';
import { isOnline, onConnectionChange } from './api/connection';
import { Link, match, usePath } from './lib/router';
import { DesignerPage } from './pages/DesignerPage';
import { InstancesPage } from './pages/InstancesPage';
import { InstanceViewer } from './pages/InstanceViewer';
import { MonitoringPage } from './pages/MonitoringPage';
import { QueuesPage } from './pages/QueuesPage';
import { WorkflowsPage } from './pages/WorkflowsPage';

export function App() {
  const path = usePath();
  const online = useOnline();
  const section = path.split('/')[1] || 'workflows';
  let page;
  let params: Record<string, string> | null;
  if ((params = match('/designer/:id', path))) page = <DesignerPage key={params.id} id={params.id} />;
  else if ((params = match('/instances/:id', path))) page = <InstanceViewer key={params.id} id={params.id} />;
  else if (match('/instances', path)) page = <InstancesPage />;
  else if (match('/queues', path)) page = <QueuesPage />;
  else if (match('/monitoring', path)) page = <MonitoringPage />;
  else page = <WorkflowsPage />;

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Weft Studio</span>
        <nav>
          <Link to="/workflows" data-testid="nav-workflows" className={section === 'workflows' || section === 'designer' ? 'active' : ''}>Workflows</Link>
          <Link to="/instances" data-testid="nav-instances" className={section === 'instances' ? 'active' : ''}>Instances</Link>
          <Link to="/queues" data-testid="nav-queues" className={section === 'queues' ? 'active' : ''}>Queues</Link>
          <Link to="/monitoring" data-testid="nav-monitoring" className={section === 'monitoring' ? 'active' : ''}>Monitoring</Link>
        </nav>
      </header>
      {!online && (
        <div className="banner banner-offline" role="alert" data-testid="connection-banner">
          The workflow server cannot be reached. Your edits are kept in this browser; Studio reconnects by itself.
        </div>
      )}
      <main className="page">{page}</main>
    </div>
  );
}

function useOnline() {
  const [online, setOnline] = useState(isOnline());
  useEffect(() => onConnectionChange(setOnline), []);
  return online;
}
